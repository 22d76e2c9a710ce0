import { z } from 'zod';

/** TLP 2.0 labels, narrowest last. */
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export const tlpSchema = z.enum(TLP_LABELS);
export type Tlp = z.infer<typeof tlpSchema>;

/**
 * The OASIS STIX 2.1 marking-definition ids for TLP 2.0
 * (oasis-open/cti-stix-common-objects, extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d).
 * @example TLP_MARKING_IDS.GREEN // 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'
 */
export const TLP_MARKING_IDS: Readonly<Record<Tlp, string>> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** What each label means, in both languages, for tooltips and reports. */
export const TLP_DESCRIPTIONS: Readonly<Record<Tlp, { en: string; ja: string }>> = {
  CLEAR: { en: 'Disclosure is not limited.', ja: '開示に制限はありません。' },
  GREEN: {
    en: 'Limited disclosure: the community, not public channels.',
    ja: '限定開示: コミュニティ内に限り、公開の場には出しません。',
  },
  AMBER: {
    en: 'Limited disclosure: recipients and their organisations on a need-to-know basis.',
    ja: '限定開示: 受領者とその組織内で知る必要のある人に限ります。',
  },
  'AMBER+STRICT': {
    en: 'Limited disclosure: the recipient organisation only.',
    ja: '限定開示: 受領した組織内に限ります。',
  },
  RED: {
    en: 'For the eyes and ears of the named recipients only.',
    ja: '指名された受領者のみ。それ以上の開示はしません。',
  },
};

/**
 * Finds the TLP label of a STIX marking-definition id, or undefined when it is not a TLP 2.0 marking.
 * @example tlpFromMarkingId('marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1') // 'RED'
 */
export function tlpFromMarkingId(markingId: string): Tlp | undefined {
  return TLP_LABELS.find((label) => TLP_MARKING_IDS[label] === markingId);
}
