import type { Scope, Tlp } from '@cynex/core';

/**
 * Who may read a source record, copied to everything derived from it: derived intelligence never reaches anyone
 * the record itself does not.
 */
export interface SourceSharing {
  ownerOrgId: string;
  scope: Scope;
  marking: Tlp;
  sharingGroupId: string | null;
  recipientUserIds: string[];
  /** The record's author, who reads a RED record they wrote: the derived objects are readable by them too. */
  createdBy: string | null;
}

/** The STIX objects one source record stands for, and who may read them. */
export interface DerivedSet {
  sharing: SourceSharing;
  objects: Record<string, unknown>[];
}

/**
 * A source of observations that derived intelligence is made from (observation cases, decoy sessions): each
 * implements this one interface, and `DerivedIntel` stores, replaces and removes what it derives.
 *
 * The darknet telescope is deliberately not a source of indicators: the addresses it sees are scanners (most
 * of them research projects, infected IoT hosts behind shared addresses, or addresses that change hands), and
 * backscatter names the victims of spoofed floods, not attackers. Blocking them would block victims and
 * bystanders; see docs/derived-intelligence.md.
 */
export interface IntelSource {
  /** A short name, the prefix of each record's source key (`case:<id>`). */
  readonly kind: string;
  /** The objects each record stands for now (versions dated `at`); a record that no longer exists is absent. */
  derive(ids: readonly string[], at: Date): Promise<Map<string, DerivedSet>>;
  /** Records changed since a time (or all, with none), with their change time: what `reconcile` refreshes. */
  changedSince(since: Date | undefined): Promise<{ id: string; changedAt: Date }[]>;
}
