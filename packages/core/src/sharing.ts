import { z } from 'zod';
import type { Tlp } from './tlp.js';

/** Distribution scopes, narrowest first. Scope decides who may read a record inside the platform. */
export const SCOPES = ['organisation', 'sharing_group', 'community', 'public'] as const;
export const scopeSchema = z.enum(SCOPES);
export type Scope = z.infer<typeof scopeSchema>;

/**
 * The widest scope each marking allows. Public output carries CLEAR only; GREEN and AMBER stay in the
 * community; AMBER+STRICT stays in the owner organisation; RED goes to named recipients, who may be
 * in the owner organisation or in a sharing group's organisations.
 */
export const WIDEST_SCOPE: Readonly<Record<Tlp, Scope>> = {
  CLEAR: 'public',
  GREEN: 'community',
  AMBER: 'community',
  'AMBER+STRICT': 'organisation',
  RED: 'sharing_group',
};

export interface SharingFields {
  scope: Scope;
  marking: Tlp;
  sharingGroupId?: string | null | undefined;
  recipientUserIds?: readonly string[] | null | undefined;
}

export interface SharingProblem {
  field: 'scope' | 'marking' | 'sharingGroupId' | 'recipientUserIds';
  code:
    | 'SCOPE_WIDER_THAN_MARKING'
    | 'SHARING_GROUP_REQUIRED'
    | 'SHARING_GROUP_NOT_ALLOWED'
    | 'RECIPIENTS_REQUIRED'
    | 'RECIPIENTS_NOT_ALLOWED';
  message: string;
}

/**
 * Checks that a scope and a marking fit together. Returns the problems, empty when they fit.
 * @example sharingProblems({ scope: 'public', marking: 'GREEN' })[0]?.code // 'SCOPE_WIDER_THAN_MARKING'
 */
export function sharingProblems(fields: SharingFields): SharingProblem[] {
  const problems: SharingProblem[] = [];
  const widest = WIDEST_SCOPE[fields.marking];
  if (SCOPES.indexOf(fields.scope) > SCOPES.indexOf(widest)) {
    problems.push({
      field: 'scope',
      code: 'SCOPE_WIDER_THAN_MARKING',
      message: `TLP:${fields.marking} may be shared at most with scope "${widest}", not "${fields.scope}"`,
    });
  }
  if (fields.scope === 'sharing_group' && !fields.sharingGroupId) {
    problems.push({
      field: 'sharingGroupId',
      code: 'SHARING_GROUP_REQUIRED',
      message: 'scope "sharing_group" needs a sharing group',
    });
  }
  if (fields.scope !== 'sharing_group' && fields.sharingGroupId) {
    problems.push({
      field: 'sharingGroupId',
      code: 'SHARING_GROUP_NOT_ALLOWED',
      message: 'a sharing group is only used with scope "sharing_group"',
    });
  }
  const recipients = fields.recipientUserIds ?? [];
  if (fields.marking === 'RED' && recipients.length === 0) {
    problems.push({
      field: 'recipientUserIds',
      code: 'RECIPIENTS_REQUIRED',
      message: 'TLP:RED needs at least one named recipient',
    });
  }
  if (fields.marking !== 'RED' && recipients.length > 0) {
    problems.push({
      field: 'recipientUserIds',
      code: 'RECIPIENTS_NOT_ALLOWED',
      message: 'named recipients are only used with TLP:RED',
    });
  }
  return problems;
}

/**
 * Whether a record with this marking may leave the platform through a channel.
 * Public channels (anonymous pages, public feeds) carry CLEAR only.
 * @example mayEgress('GREEN', 'public') // false
 */
export function mayEgress(marking: Tlp, channel: 'public' | 'member'): boolean {
  return channel === 'public' ? marking === 'CLEAR' : true;
}
