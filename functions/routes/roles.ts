// Who may call a route: the role lists of the route table (functions/routes/*.ts).

export const ANY = ['unit_officer', 'appraiser', 'approver', 'admin'] as const;
export const OFFICER = ['unit_officer'] as const;
export const ADMIN = ['admin'] as const;
export const APPRAISER = ['appraiser'] as const;
export const APPROVER = ['approver'] as const;
export const REVIEWERS = ['appraiser', 'approver', 'admin'] as const;
