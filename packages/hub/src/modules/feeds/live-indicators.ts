import { and, desc, eq, gte, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { visibleTo } from '../../platform/policy.js';
import { stixObjects } from '../intel/intel.table.js';

/**
 * The indicators a reader may act on, as one subquery every feed shares (blocklists, the MISP feed): of each
 * indicator the reader may see, its newest version, kept only when that version is neither revoked nor past its
 * `valid_until`. Revocation and expiry are properties of the newest version: an older version that was live does
 * not bring back an indicator its producer has since revoked.
 */
export function liveIndicators(db: Db, actor: Actor, options: { since?: Date | undefined } = {}) {
  const newest = db
    .selectDistinctOn([stixObjects.ownerOrgId, stixObjects.stixId], {
      objectId: stixObjects.id,
      stixId: stixObjects.stixId,
      ownerOrgId: stixObjects.ownerOrgId,
      marking: stixObjects.marking,
      dateAdded: stixObjects.dateAdded,
      revoked: stixObjects.revoked,
      pattern: sql<string | null>`${stixObjects.object} ->> 'pattern'`.as('pattern'),
      validUntil: sql<string | null>`${stixObjects.object} ->> 'valid_until'`.as('valid_until'),
      /** The record a derived indicator stands for (`case:<uuid>`), null for imported ones. */
      source: sql<string | null>`${stixObjects.object} ->> 'x_cynex_source'`.as('x_cynex_source'),
    })
    .from(stixObjects)
    .where(and(visibleTo(actor, stixObjects), eq(stixObjects.type, 'indicator')))
    .orderBy(stixObjects.ownerOrgId, stixObjects.stixId, desc(stixObjects.version))
    .as('newest');
  return db
    .select()
    .from(newest)
    .where(
      and(
        eq(newest.revoked, false),
        or(isNull(newest.validUntil), sql`(${newest.validUntil})::timestamptz > now()`),
        options.since ? gte(newest.dateAdded, options.since) : undefined,
      ),
    )
    .as('live');
}
