/** Who a record's derived objects say observed it: the owner organisation, or "a cynex member" at its choice. */
export interface SourceOwner {
  orgId: string;
  name: string;
  /** The organisation chose anonymised sightings (`organisations.anonymise_sightings`). */
  anonymise: boolean;
}

/**
 * The name of the identity that stands for an organisation which chose anonymised sightings. It is the same text
 * for every such organisation, so nothing in it tells them apart; `DerivedIntel.reconcile` also finds records
 * whose identity no longer matches their owner's choice by it.
 */
export const ANONYMOUS_MEMBER = { en: 'a cynex member', ja: 'cynex 会員' } as const;

/**
 * The identity object of one record's derived objects: the owner organisation by name, or, when the owner
 * anonymises its sightings, "a cynex member" with no trace of the organisation (no name, and an id that is not
 * derived from the organisation). It is the record's own object (`idOf` gives ids in the record's namespace):
 * one object shared by all of an organisation's records would have to carry one sharing for all of them.
 * The caller adds the common properties (dates, marking, source).
 * @example sourceIdentity((type, role) => `${type}--…`, { orgId, name: 'Shirasagi CSIRT', anonymise: true })
 */
export function sourceIdentity(
  idOf: (type: string, role: string) => string,
  owner: SourceOwner,
): { type: 'identity'; id: string; name: string; identity_class: 'organization'; x_cynex_name_ja?: string } {
  if (owner.anonymise) {
    return {
      type: 'identity',
      id: idOf('identity', 'anonymous-member'),
      name: ANONYMOUS_MEMBER.en,
      identity_class: 'organization',
      x_cynex_name_ja: ANONYMOUS_MEMBER.ja,
    };
  }
  return {
    type: 'identity',
    id: idOf('identity', `org:${owner.orgId}`),
    name: owner.name,
    identity_class: 'organization',
  };
}
