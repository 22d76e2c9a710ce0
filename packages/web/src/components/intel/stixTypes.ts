/** The object types of STIX 2.1 (OASIS, sections 4–7, 9 and 12), grouped as the type filter shows them. */
export const STIX_TYPE_GROUPS = {
  domain: [
    'attack-pattern',
    'campaign',
    'course-of-action',
    'grouping',
    'identity',
    'incident',
    'indicator',
    'infrastructure',
    'intrusion-set',
    'location',
    'malware',
    'malware-analysis',
    'note',
    'observed-data',
    'opinion',
    'report',
    'threat-actor',
    'tool',
    'vulnerability',
  ],
  relationship: ['relationship', 'sighting'],
  observable: [
    'artifact',
    'autonomous-system',
    'directory',
    'domain-name',
    'email-addr',
    'email-message',
    'file',
    'ipv4-addr',
    'ipv6-addr',
    'mac-addr',
    'mutex',
    'network-traffic',
    'process',
    'software',
    'url',
    'user-account',
    'windows-registry-key',
    'x509-certificate',
  ],
  meta: ['marking-definition', 'language-content', 'extension-definition'],
} as const;

export type StixTypeGroup = keyof typeof STIX_TYPE_GROUPS;

/** What the hub accepts as a type filter (a custom `x-…` type too). */
export const STIX_TYPE_PATTERN = /^[a-z][a-z0-9-]{1,249}$/;
