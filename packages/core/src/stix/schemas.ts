/**
 * The official OASIS STIX 2.1 JSON schemas (data/stix/schemas, see its README), imported as JSON modules like the
 * ATT&CK catalogue so that they travel inside every bundle (CLI, console) and nothing reads a file at run time.
 * Keep this list in step with the folder: a test fails when a schema file is missing here.
 */
import commonBinary from '../../data/stix/schemas/common/binary.json' with { type: 'json' };
import commonBundle from '../../data/stix/schemas/common/bundle.json' with { type: 'json' };
import commonCore from '../../data/stix/schemas/common/core.json' with { type: 'json' };
import commonCyberObservableCore from '../../data/stix/schemas/common/cyber-observable-core.json' with { type: 'json' };
import commonDictionary from '../../data/stix/schemas/common/dictionary.json' with { type: 'json' };
import commonExtensionDefinition from '../../data/stix/schemas/common/extension-definition.json' with { type: 'json' };
import commonExtension from '../../data/stix/schemas/common/extension.json' with { type: 'json' };
import commonExternalReference from '../../data/stix/schemas/common/external-reference.json' with { type: 'json' };
import commonGranularMarking from '../../data/stix/schemas/common/granular-marking.json' with { type: 'json' };
import commonHashesType from '../../data/stix/schemas/common/hashes-type.json' with { type: 'json' };
import commonHex from '../../data/stix/schemas/common/hex.json' with { type: 'json' };
import commonIdentifier from '../../data/stix/schemas/common/identifier.json' with { type: 'json' };
import commonKillChainPhase from '../../data/stix/schemas/common/kill-chain-phase.json' with { type: 'json' };
import commonLanguageContent from '../../data/stix/schemas/common/language-content.json' with { type: 'json' };
import commonMarkingDefinition from '../../data/stix/schemas/common/marking-definition.json' with { type: 'json' };
import commonProperties from '../../data/stix/schemas/common/properties.json' with { type: 'json' };
import commonTimestamp from '../../data/stix/schemas/common/timestamp.json' with { type: 'json' };
import commonUrlRegex from '../../data/stix/schemas/common/url-regex.json' with { type: 'json' };
import observablesArtifact from '../../data/stix/schemas/observables/artifact.json' with { type: 'json' };
import observablesAutonomousSystem from '../../data/stix/schemas/observables/autonomous-system.json' with { type: 'json' };
import observablesDirectory from '../../data/stix/schemas/observables/directory.json' with { type: 'json' };
import observablesDomainName from '../../data/stix/schemas/observables/domain-name.json' with { type: 'json' };
import observablesEmailAddr from '../../data/stix/schemas/observables/email-addr.json' with { type: 'json' };
import observablesEmailMessage from '../../data/stix/schemas/observables/email-message.json' with { type: 'json' };
import observablesFile from '../../data/stix/schemas/observables/file.json' with { type: 'json' };
import observablesIpv4Addr from '../../data/stix/schemas/observables/ipv4-addr.json' with { type: 'json' };
import observablesIpv6Addr from '../../data/stix/schemas/observables/ipv6-addr.json' with { type: 'json' };
import observablesMacAddr from '../../data/stix/schemas/observables/mac-addr.json' with { type: 'json' };
import observablesMutex from '../../data/stix/schemas/observables/mutex.json' with { type: 'json' };
import observablesNetworkTraffic from '../../data/stix/schemas/observables/network-traffic.json' with { type: 'json' };
import observablesProcess from '../../data/stix/schemas/observables/process.json' with { type: 'json' };
import observablesSoftware from '../../data/stix/schemas/observables/software.json' with { type: 'json' };
import observablesUrl from '../../data/stix/schemas/observables/url.json' with { type: 'json' };
import observablesUserAccount from '../../data/stix/schemas/observables/user-account.json' with { type: 'json' };
import observablesWindowsRegistryKey from '../../data/stix/schemas/observables/windows-registry-key.json' with { type: 'json' };
import observablesX509Certificate from '../../data/stix/schemas/observables/x509-certificate.json' with { type: 'json' };
import sdosAttackPattern from '../../data/stix/schemas/sdos/attack-pattern.json' with { type: 'json' };
import sdosCampaign from '../../data/stix/schemas/sdos/campaign.json' with { type: 'json' };
import sdosCourseOfAction from '../../data/stix/schemas/sdos/course-of-action.json' with { type: 'json' };
import sdosGrouping from '../../data/stix/schemas/sdos/grouping.json' with { type: 'json' };
import sdosIdentity from '../../data/stix/schemas/sdos/identity.json' with { type: 'json' };
import sdosIncident from '../../data/stix/schemas/sdos/incident.json' with { type: 'json' };
import sdosIndicator from '../../data/stix/schemas/sdos/indicator.json' with { type: 'json' };
import sdosInfrastructure from '../../data/stix/schemas/sdos/infrastructure.json' with { type: 'json' };
import sdosIntrusionSet from '../../data/stix/schemas/sdos/intrusion-set.json' with { type: 'json' };
import sdosLocation from '../../data/stix/schemas/sdos/location.json' with { type: 'json' };
import sdosMalwareAnalysis from '../../data/stix/schemas/sdos/malware-analysis.json' with { type: 'json' };
import sdosMalware from '../../data/stix/schemas/sdos/malware.json' with { type: 'json' };
import sdosNote from '../../data/stix/schemas/sdos/note.json' with { type: 'json' };
import sdosObservedData from '../../data/stix/schemas/sdos/observed-data.json' with { type: 'json' };
import sdosOpinion from '../../data/stix/schemas/sdos/opinion.json' with { type: 'json' };
import sdosReport from '../../data/stix/schemas/sdos/report.json' with { type: 'json' };
import sdosThreatActor from '../../data/stix/schemas/sdos/threat-actor.json' with { type: 'json' };
import sdosTool from '../../data/stix/schemas/sdos/tool.json' with { type: 'json' };
import sdosVulnerability from '../../data/stix/schemas/sdos/vulnerability.json' with { type: 'json' };
import srosRelationship from '../../data/stix/schemas/sros/relationship.json' with { type: 'json' };
import srosSighting from '../../data/stix/schemas/sros/sighting.json' with { type: 'json' };

/** The `$id` prefix of every official schema; each schema's relative `$ref`s resolve against its own `$id`. */
export const STIX_SCHEMA_BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

/** The bundle's schema, whose own properties (not its objects') are checked separately. */
export const STIX_BUNDLE_SCHEMA = commonBundle;

/** Every official STIX 2.1 schema, each carrying its `$id`. */
export const STIX_SCHEMAS: readonly { readonly $id: string }[] = [
  commonBinary,
  commonBundle,
  commonCore,
  commonCyberObservableCore,
  commonDictionary,
  commonExtensionDefinition,
  commonExtension,
  commonExternalReference,
  commonGranularMarking,
  commonHashesType,
  commonHex,
  commonIdentifier,
  commonKillChainPhase,
  commonLanguageContent,
  commonMarkingDefinition,
  commonProperties,
  commonTimestamp,
  commonUrlRegex,
  observablesArtifact,
  observablesAutonomousSystem,
  observablesDirectory,
  observablesDomainName,
  observablesEmailAddr,
  observablesEmailMessage,
  observablesFile,
  observablesIpv4Addr,
  observablesIpv6Addr,
  observablesMacAddr,
  observablesMutex,
  observablesNetworkTraffic,
  observablesProcess,
  observablesSoftware,
  observablesUrl,
  observablesUserAccount,
  observablesWindowsRegistryKey,
  observablesX509Certificate,
  sdosAttackPattern,
  sdosCampaign,
  sdosCourseOfAction,
  sdosGrouping,
  sdosIdentity,
  sdosIncident,
  sdosIndicator,
  sdosInfrastructure,
  sdosIntrusionSet,
  sdosLocation,
  sdosMalwareAnalysis,
  sdosMalware,
  sdosNote,
  sdosObservedData,
  sdosOpinion,
  sdosReport,
  sdosThreatActor,
  sdosTool,
  sdosVulnerability,
  srosRelationship,
  srosSighting,
];
