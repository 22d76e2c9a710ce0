import type { DecoyServiceName } from '@cynex/core';
import type { ServiceHandle, WorldRuntime } from '../services/contracts.js';

export interface StarterOptions {
  runtime: WorldRuntime;
  binding: { host: string; port: number };
  /** The host a connection lands on (default: the transport's choice for the world). */
  entryHost?: string;
}

export type Starter = (options: StarterOptions) => Promise<ServiceHandle>;
export type Starters = Partial<Record<DecoyServiceName, Starter>>;

/** The transports this sensor can run, by the service name an assignment's bindings use. */
export const DEFAULT_STARTERS: Starters = {};
