// The in-memory store's tables, and transactions over them: every write goes through `put`,
// `remove` or `append`, which, inside `atomically`, record how to undo it, so a failed commit
// leaves the tables exactly as they were (all or nothing, as in the database).
import type { StoredAuditEntry } from "../app/ports/audit.ts";
import type { OutboxRow } from "../app/ports/outbox.ts";
import type { Space } from "../app/ports/spaces.ts";
import type { TimerSpec } from "../domain/effects.ts";
import type { Customer, DeviceUnit, Partner, Person, Trial } from "../domain/model.ts";

export interface SpaceRow extends Space {
  linkedAt: number;
}
export interface EventRow {
  key: string;
  at: Date;
  envelope: unknown;
  handledAt: Date | null;
}
export interface OutboxEntry {
  row: OutboxRow;
  /** Insertion order (several rows can share createdAt). */
  seq: number;
}

export interface Tables {
  partners: Map<string, Partner>;
  /** By e-mail: a person's identity. */
  people: Map<string, Person>;
  spaces: Map<string, SpaceRow>;
  customers: Map<string, Customer>;
  trials: Map<string, Trial>;
  devices: Map<string, DeviceUnit>;
  /** By `trialId kind`. */
  timers: Map<string, TimerSpec>;
  audit: StoredAuditEntry[];
  events: Map<string, EventRow>;
  settings: Map<string, unknown>;
  outbox: Map<string, OutboxEntry>;
}

export class MemoryState {
  readonly tables: Tables = {
    partners: new Map(),
    people: new Map(),
    spaces: new Map(),
    customers: new Map(),
    trials: new Map(),
    devices: new Map(),
    timers: new Map(),
    audit: [],
    events: new Map(),
    settings: new Map(),
    outbox: new Map(),
  };
  /** Like database sequences, these are not rolled back: a failed commit leaves a gap. */
  private sequence = 0;
  private undo: Array<() => void> | null = null;
  closed = false;

  nextSeq(): number {
    return ++this.sequence;
  }

  put<K, V>(table: Map<K, V>, key: K, value: V): void {
    if (this.undo) {
      const had = table.has(key);
      const old = table.get(key) as V;
      this.undo.push(() => (had ? table.set(key, old) : table.delete(key)));
    }
    table.set(key, value);
  }

  remove<K, V>(table: Map<K, V>, key: K): boolean {
    if (!table.has(key)) return false;
    const old = table.get(key) as V;
    this.undo?.push(() => table.set(key, old));
    table.delete(key);
    return true;
  }

  append<V>(list: V[], value: V): void {
    const length = list.length;
    this.undo?.push(() => {
      list.length = length;
    });
    list.push(value);
  }

  /**
   * Runs `work` as one transaction: on a throw every write it made is undone. The work is
   * synchronous, so no other call interleaves with it (the single thread is the lock).
   */
  atomically<T>(work: () => T): T {
    if (this.undo) return work(); // nested: part of the outer transaction
    this.undo = [];
    try {
      const result = work();
      this.undo = null;
      return result;
    } catch (e) {
      const undo = this.undo ?? [];
      this.undo = null;
      for (const step of undo.reverse()) step();
      throw e;
    }
  }
}
