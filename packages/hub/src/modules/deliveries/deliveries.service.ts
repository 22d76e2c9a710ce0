import { AppError } from '../../errors.js';
import type { Actor, UserActor } from '../../platform/actor.js';
import { canManageOrg } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DeliveryJobRow, DeliveryJobsRepository, DeliveryState } from './deliveries.repository.js';
import type { DeliveryChannel } from './deliveries.table.js';

/** What a job is about, as its payload names it: e.g. an alert, labelled by host and day. */
export interface DeliveryAbout {
  type: string;
  id: string;
  label: string;
}

export interface DeliveryListQuery {
  state?: DeliveryState | undefined;
  channel?: DeliveryChannel | undefined;
  limit: number;
  offset: number;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function stateOf(row: Pick<DeliveryJobRow, 'status' | 'attempts'>): DeliveryState {
  if (row.status === 'pending') return row.attempts > 0 ? 'retrying' : 'queued';
  return row.status;
}

function present(row: DeliveryJobRow) {
  const about = Array.isArray(row.payload.about) ? (row.payload.about as DeliveryAbout[]) : [];
  const state = stateOf(row);
  return {
    id: row.id,
    orgId: row.orgId,
    channel: row.channel,
    topic: row.topic,
    idempotencyKey: row.idempotencyKey,
    about: about.map((a) => ({ type: a.type, id: a.id, label: a.label })),
    state,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    lastError: row.lastError,
    target: row.target,
    nextAttemptAt: state === 'queued' || state === 'retrying' ? iso(row.nextAttemptAt) : null,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
    retryable: state === 'dead' || state === 'retrying',
  };
}

/**
 * The outbox as an organisation's admins see it: their organisation's deliveries, and "retry now" for the dead
 * ones and those waiting for their next attempt. Deliveries are organisation-internal: nobody else lists them.
 */
export class DeliveriesService {
  constructor(
    private readonly repo: DeliveryJobsRepository,
    private readonly audit: AuditService,
    private readonly orgExists: (orgId: string) => Promise<boolean>,
    /** Tells the local worker a job is due now. */
    private readonly nudge: () => void = () => {},
  ) {}

  /** The org admins of the organisation and platform admins; 401, 403, or 404 for an organisation that is not there. */
  private async manager(actor: Actor, orgId: string): Promise<UserActor> {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    if (!canManageOrg(actor, orgId)) {
      throw new AppError('FORBIDDEN', "only the organisation's admins see and retry its deliveries");
    }
    if (!(await this.orgExists(orgId))) throw new AppError('ORG_NOT_FOUND', 'no such organisation');
    return actor;
  }

  async list(actor: Actor, orgId: string, query: DeliveryListQuery) {
    await this.manager(actor, orgId);
    const { items, total } = await this.repo.list({ orgId, ...query });
    return { items: items.map(present), total };
  }

  /** Makes a dead (or waiting) delivery due now; audited. 409 for one that is delivered, queued or being sent. */
  async retry(actor: Actor, orgId: string, id: string) {
    const user = await this.manager(actor, orgId);
    const before = await this.repo.get(orgId, id);
    if (!before) throw new AppError('DELIVERY_NOT_FOUND', 'no such delivery');
    const row = await this.repo.retryNow(orgId, id);
    if (!row) {
      throw new AppError(
        'DELIVERY_NOT_RETRYABLE',
        `the delivery is ${stateOf(before)}: only dead or waiting ones are retried`,
      );
    }
    await this.audit.record(user, {
      action: 'delivery.retry',
      targetType: 'delivery',
      targetId: id,
      orgId,
      details: { channel: row.channel, topic: row.topic, state: stateOf(before), attempts: before.attempts },
    });
    this.nudge();
    return present(row);
  }
}
