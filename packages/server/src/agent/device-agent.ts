/**
 * The simulated device agent: what real devices and Project Rome would do to queued commands.
 * - Android: a PENDING command is applied (DONE) once it is `androidDelayMs` old (default `delayMs`).
 * - Graph: a command moves requesting → sentToTarget → executing → completed, one step per
 *   `delayMs`. A command to an offline device is dropped (`commandDropped`) instead of sent; an
 *   AppService payload with `"simulate": "<status>"` ends in that failure status instead of
 *   completing. A completed command gets its response payload.
 * Every step is a compare-and-set in the store, so several agents (replicas) never double-step.
 * The agent acts on commands created since it started (`since`): seeded commands keep their state,
 * so that a reader always finds a PENDING command to cancel.
 */
import type { Logger } from '../http/logger.ts';
import type { GraphCommand, Store } from '../store/types.ts';

const FAILURES = new Set(['failedToSend', 'executionFailed', 'commandDropped', 'expired', 'error', 'canceled']);

export interface AgentOptions {
  store: Store;
  delayMs: number;
  /** How old a PENDING Android command must be before the device applies it (default: `delayMs`). */
  androidDelayMs?: number;
  now?: () => Date;
  /** Commands created before this are left alone (default: when the agent is constructed). */
  since?: Date;
  logger?: Logger;
}

export class DeviceAgent {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly options: AgentOptions;
  private readonly since: string;
  constructor(options: AgentOptions) {
    this.options = options;
    this.since = (options.since ?? (options.now ?? (() => new Date()))()).toISOString();
  }

  /** Runs one pass now; returns how many commands changed. */
  async runOnce(): Promise<number> {
    const { store, delayMs } = this.options;
    const now = (this.options.now ?? (() => new Date()))();
    const due = new Date(now.getTime() - delayMs).toISOString();
    const androidDue = new Date(now.getTime() - (this.options.androidDelayMs ?? delayMs)).toISOString();
    let changed = await store.android.completeDueCommands(this.since, androidDue, now.toISOString());
    for (const command of await store.graph.dueCommands(this.since, due)) {
      const next = await this.nextStep(command, now);
      if (await store.graph.advanceCommand(command.id, command.status, next, now.toISOString())) changed++;
    }
    return changed;
  }

  start(intervalMs = Math.max(250, Math.min(1000, this.options.delayMs))): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.options.logger?.log('error', 'device agent pass failed', { error: String(error) }),
        )
        .finally(() => {
          this.running = undefined;
        });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async nextStep(
    command: GraphCommand,
    now: Date,
  ): Promise<Pick<GraphCommand, 'status' | 'error' | 'responsePayload'>> {
    const simulated = command.payload?.simulate;
    switch (command.status) {
      case 'requesting': {
        const device = await this.options.store.graph.findDevice(command.userId, command.deviceId);
        return device?.status === 'offline'
          ? { status: 'commandDropped', error: 'The device is in Connected Standby.', responsePayload: null }
          : { status: 'sentToTarget', error: null, responsePayload: null };
      }
      case 'sentToTarget':
        return { status: 'executing', error: null, responsePayload: null };
      default:
        if (typeof simulated === 'string' && FAILURES.has(simulated)) {
          return { status: simulated, error: `Simulated ${simulated}.`, responsePayload: null };
        }
        return { status: 'completed', error: null, responsePayload: { Type: 'Ok', CreationDate: now.toISOString() } };
    }
  }
}
