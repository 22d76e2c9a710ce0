import { AppError } from '../../errors.js';
import { uncheckableReason } from './address-scope.js';
import { canonicalIp } from './ip-address.js';
import type { RateLimitRepository } from './rate-limit.repository.js';
import type { TelescopeRepository } from './telescope.repository.js';

export const SELF_CHECK_WINDOW_HOURS = 24;
const DECOY_LIMIT = 500;

/**
 * "Am I infected?": what the darknet and the decoys saw of the caller's own address in the last 24 hours.
 * The address is the connection's (or X-Forwarded-For's when the hub trusts a proxy), never a parameter, so
 * nobody can look up somebody else; requests are rate-limited per address in the database.
 */
export class SelfCheckService {
  constructor(
    private readonly repo: TelescopeRepository,
    private readonly limiter: RateLimitRepository,
    private readonly limit: { requests: number; windowSeconds: number },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(clientAddress: string) {
    const address = canonicalIp(clientAddress) ?? clientAddress;
    const { count, resetSeconds } = await this.limiter.hit(`selfcheck:${address}`, this.limit.windowSeconds);
    if (count > this.limit.requests) {
      throw new AppError('RATE_LIMITED', 'too many self-checks from this address; try again later', {
        retryAfterSeconds: resetSeconds,
      });
    }
    const checkedAt = this.now();
    // A loopback or private address never reaches the darknet as a source: "nothing seen" would be false comfort.
    const reason = uncheckableReason(address);
    if (reason) {
      return {
        address,
        checkedAt: checkedAt.toISOString(),
        windowHours: SELF_CHECK_WINDOW_HOURS,
        checkable: false as const,
        reason,
        seen: false,
        darknet: null,
        decoy: null,
      };
    }
    const since = new Date(checkedAt.getTime() - SELF_CHECK_WINDOW_HOURS * 3_600_000);
    const [darknet, sightings] = await Promise.all([
      this.repo.darknetSince(address, since),
      this.repo.decoySightingsOf(address, DECOY_LIMIT, since),
    ]);
    const decoy =
      sightings.length === 0
        ? null
        : {
            count: sightings.reduce((n, s) => n + s.count, 0),
            kinds: [...new Set(sightings.map((s) => s.kind))].sort(),
            ports: [...new Set(sightings.flatMap((s) => (s.port === null ? [] : [String(s.port)])))].sort(),
            firstSeen: new Date(Math.min(...sightings.map((s) => s.firstSeen.getTime()))).toISOString(),
            lastSeen: new Date(Math.max(...sightings.map((s) => s.lastSeen.getTime()))).toISOString(),
          };
    return {
      address,
      checkedAt: checkedAt.toISOString(),
      windowHours: SELF_CHECK_WINDOW_HOURS,
      checkable: true as const,
      reason: null,
      seen: darknet !== null || decoy !== null,
      darknet: darknet && {
        packets: darknet.packets,
        ports: darknet.ports,
        firstSeen: darknet.firstSeen.toISOString(),
        lastSeen: darknet.lastSeen.toISOString(),
      },
      decoy,
    };
  }
}
