import { asc, eq } from 'drizzle-orm';
import { BEHAVIOUR_CATEGORIES } from '@cynex/core';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { behaviourCategories } from './catalogue.table.js';

export interface Category {
  key: string;
  en: string;
  ja: string;
  builtIn: boolean;
}

/** Behaviour categories: NICT's built-in list plus the ones platform admins add. */
export class CategoriesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<Category[]> {
    const custom = await this.db.select().from(behaviourCategories).orderBy(asc(behaviourCategories.key));
    return [
      ...Object.entries(BEHAVIOUR_CATEGORIES).map(([key, names]) => ({ key, ...names, builtIn: true })),
      ...custom.map((c) => ({ key: c.key, en: c.nameEn, ja: c.nameJa, builtIn: false })),
    ];
  }

  /** Throws UNKNOWN_CATEGORY (400) when a behaviour names a category nobody defined. */
  async check(key: string): Promise<void> {
    if (key in BEHAVIOUR_CATEGORIES) return;
    const rows = await this.db
      .select({ key: behaviourCategories.key })
      .from(behaviourCategories)
      .where(eq(behaviourCategories.key, key));
    if (rows.length === 0) {
      throw new AppError('UNKNOWN_CATEGORY', `no behaviour category "${key}"`, {
        fields: [{ path: 'category', message: `unknown category "${key}"` }],
      });
    }
  }

  async add(actor: Actor, input: { key: string; en: string; ja: string }): Promise<Category> {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    if (!actor.isPlatformAdmin) throw new AppError('FORBIDDEN', 'only platform admins add categories');
    if ((await this.list()).some((c) => c.key === input.key))
      throw new AppError('CONFLICT', `category "${input.key}" exists already`);
    await this.db
      .insert(behaviourCategories)
      .values({ key: input.key, nameEn: input.en, nameJa: input.ja, createdBy: actor.userId });
    await this.audit.record(actor, {
      action: 'catalogue.category_add',
      targetType: 'behaviour_category',
      targetId: input.key,
      details: input,
    });
    return { ...input, builtIn: false };
  }
}
