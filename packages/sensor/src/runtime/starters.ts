import type { DecoyServiceName } from '@cynex/core';
import type { ServiceHandle, WorldRuntime } from '../services/contracts.js';
import { startHttpService } from '../services/http/http-service.js';
import { startImapService } from '../services/imap/imap-service.js';
import { startSmtpService } from '../services/smtp/smtp-service.js';
import { startSshService } from '../services/ssh/index.js';
import { startTelnetService } from '../services/telnet/index.js';

export interface StarterOptions {
  runtime: WorldRuntime;
  binding: { host: string; port: number };
  /** The host a connection lands on (default: the transport's choice for the world). */
  entryHost?: string;
}

export type Starter = (options: StarterOptions) => Promise<ServiceHandle>;
export type Starters = Partial<Record<DecoyServiceName, Starter>>;

/**
 * The transports this sensor can run, by the service name an assignment's bindings use. A world binding a service
 * missing here is left out and named in the world's status ("this sensor cannot run …").
 */
export const DEFAULT_STARTERS: Starters = {
  ssh: startSshService,
  telnet: startTelnetService,
  http: startHttpService,
  imap: startImapService,
  smtp: startSmtpService,
};
