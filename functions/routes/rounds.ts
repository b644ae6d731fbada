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
  query: s.PageQuery,
  response: () => s.page(s.CampaignOut()),
});

export const getCampaign = defineRoute({
  id: 'getCampaign',
  method: 'GET',
  path: '/campaigns/{campaignId}',
  group: 'rounds',
  auth: ANY,
  tag: 'rounds',
  summary: 'One campaign',
  params: s.CampaignIdParams,
  response: s.CampaignOut,
});

export const createCampaign = defineRoute({
  id: 'createCampaign',
  method: 'POST',
  path: '/campaigns',
  group: 'rounds',
  auth: ADMIN,
  tag: 'rounds',
  summary: 'Create a campaign (R-CAMP-2)',
  body: s.CampaignCreateBody,
  response: s.CampaignOut,
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
  params: s.CampaignIdParams,
  body: s.CampaignPatchBody,
  response: s.CampaignOut,
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
  query: s.PageQuery,
  response: () => s.page(s.RoundOut()),
});

export const getRound = defineRoute({
  id: 'getRound',
  method: 'GET',
  path: '/rounds/{roundId}',
  group: 'rounds',
  auth: ANY,
  tag: 'rounds',
  summary: 'One round',
  params: s.RoundIdParams,
  response: s.RoundOut,
});

export const createRound = defineRoute({
  id: 'createRound',
  method: 'POST',
  path: '/rounds',
  group: 'rounds',
  auth: ADMIN,
  tag: 'rounds',
  summary: 'Create a round in a campaign',
  body: s.RoundCreateBody,
  response: s.RoundOut,
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
  params: s.RoundIdParams,
  body: s.RoundPatchBody,
  response: s.RoundOut,
});
