/** The catalogues the console picks from: ATT&CK techniques and tactics, behaviour categories, levels. */
import type { ProgressLevel } from '@cynex/core';
import type { Bilingual } from './common';

export interface AttackTechniqueItem {
  id: string;
  name: string;
  tactics: string[];
  subtechnique: boolean;
  url: string;
}

export interface AttackTacticItem {
  id: string;
  shortname: string;
  name: string;
}

export interface BehaviourCategoryItem extends Bilingual {
  key: string;
}

export interface ProgressLevelItem extends Bilingual {
  level: ProgressLevel;
}
