// The routes of the rounds group: campaigns and rounds (R-CAMP-1, R-CAMP-2, R-ROUND-1). Its function
// (functions/http/rounds.ts) imports only these; the whole table is functions/routes.ts.

import { defineRoute } from '../pipeline/route.ts';
import * as s from '../schemas.ts';
import { ANY, ADMIN } from './roles.ts';

export const listCampaigns = defineRoute({
  id: 'listCampaigns',
  method: 'GET',
  path: '/campaigns',
  group: 'rounds',
  auth: ANY,
  tag: 'rounds',
  summary: 'Campaigns: tiers, quotas, thresholds and rules their new rounds copy',
  get query() {
    return s.PageQuery();
  },
  get response() {
    return s.page(s.CampaignOut());
  },
});

export const getCampaign = defineRoute({
  id: 'getCampaign',
  method: 'GET',
  path: '/campaigns/{campaignId}',
  group: 'rounds',
  auth: ANY,
  tag: 'rounds',
  summary: 'One campaign',
  get params() {
    return s.CampaignIdParams();
  },
  get response() {
    return s.CampaignOut();
  },
});

export const createCampaign = defineRoute({
  id: 'createCampaign',
  method: 'POST',
  path: '/campaigns',
  group: 'rounds',
  auth: ADMIN,
  tag: 'rounds',
  summary: 'Create a campaign (R-CAMP-2)',
  get body() {
    return s.CampaignCreateBody();
  },
  get response() {
    return s.CampaignOut();
  },
  successStatus: 201,
  idempotent: true,
});

export const patchCampaign = defineRoute({
  id: 'patchCampaign',
  method: 'PATCH',
  path: '/campaigns/{campaignId}',
  group: 'rounds',
  auth: ADMIN,
  tag: 'rounds',
  summary: 'Edit a campaign; rounds created before keep the rules they copied',
  get params() {
    return s.CampaignIdParams();
  },
  get body() {
    return s.CampaignPatchBody();
  },
  get response() {
    return s.CampaignOut();
  },
  ifMatch: true,
});

export const listRounds = defineRoute({
  id: 'listRounds',
  method: 'GET',
  path: '/rounds',
  group: 'rounds',
  auth: ANY,
  tag: 'rounds',
  summary: 'Rounds with quotas, deadlines and award counts',
  get query() {
    return s.PageQuery();
  },
  get response() {
    return s.page(s.RoundOut());
  },
});

export const getRound = defineRoute({
  id: 'getRound',
  method: 'GET',
  path: '/rounds/{roundId}',
  group: 'rounds',
  auth: ANY,
  tag: 'rounds',
  summary: 'One round',
  get params() {
    return s.RoundIdParams();
  },
  get response() {
    return s.RoundOut();
  },
});

export const createRound = defineRoute({
  id: 'createRound',
  method: 'POST',
  path: '/rounds',
  group: 'rounds',
  auth: ADMIN,
  tag: 'rounds',
  summary: 'Create a round in a campaign',
  get body() {
    return s.RoundCreateBody();
  },
  get response() {
    return s.RoundOut();
  },
  successStatus: 201,
  idempotent: true,
});

export const patchRound = defineRoute({
  id: 'patchRound',
  method: 'PATCH',
  path: '/rounds/{roundId}',
  group: 'rounds',
  auth: ADMIN,
  tag: 'rounds',
  summary: 'Set the announcement date or move a deadline (whole round or one unit), with a reason',
  get params() {
    return s.RoundIdParams();
  },
  get body() {
    return s.RoundPatchBody();
  },
  get response() {
    return s.RoundOut();
  },
});
