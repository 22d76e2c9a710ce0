export { PcapFormatError, truncatedError, type PcapErrorCode } from './errors.js';
export {
  PacketView,
  type Packet,
  type ReadOptions,
  type ReadSummary,
  type ReadWarning,
  type Timestamp,
} from './packet.js';
export { PcapReader, copyPacket } from './pcap-reader.js';
export { DecodedPacket, IPPROTO, LAYER, TCP_FLAGS } from './decoded-packet.js';
export { decode, decodePacket, ETHERTYPE, LINKTYPE } from './decode.js';
export { decodeIPv4, decodeIPv6, decodeL4 } from './ip.js';
export { ipv4ToString, ipv6ToString, parseIPv4 } from './format.js';
