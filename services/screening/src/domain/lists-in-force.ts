/**
 * The list versions in force and the snapshot indexed from them. A new version is indexed in full before the
 * snapshot reference is swapped, so a screen always sees either the old versions or the new ones, never a
 * half-loaded mix. Pure (the engine it calls is pure).
 */
import type { ListSource } from '@cordon/contracts';
import type { ScreeningEngine, ListVersion } from '@cordon/screening-core/contract';

/** The result of applying versions: what each replaced, for lookback. */
export interface AppliedVersion {
  version: ListVersion;
  /** The version of the same source it replaced; absent for a source's first version. */
  replaced?: ListVersion;
}

/** Holds the versions in force per source and the one snapshot screening uses. */
export class ListsInForce<S> {
  private readonly versions = new Map<ListSource, ListVersion>();
  private current: S | undefined;
  /** What the engine's warm-up did on the last apply; undefined when it did nothing (every apply but the first). */
  lastWarmUp: { screens: number } | undefined;

  constructor(private readonly engine: ScreeningEngine<S>) {}

  /** The snapshot to screen against; undefined until a first version was applied. */
  get snapshot(): S | undefined {
    return this.current;
  }

  /** The versions in force, ordered by source. */
  get inForce(): ListVersion[] {
    return [...this.versions.values()].sort((a, b) => a.source - b.source);
  }

  /** The sources of `required` that have no version yet. */
  missing(required: readonly ListSource[]): ListSource[] {
    return required.filter((source) => !this.versions.has(source));
  }

  /**
   * Puts `versions` in force (at most one per source) and swaps in a snapshot of everything in force. Returns what
   * was applied, with what each replaced. The lists in force only move forward: a version equal to the one in
   * force, or published before it (a lower `sequence`), is never applied; `onStale` hears of each such version.
   */
  apply(
    versions: readonly ListVersion[],
    onStale?: (version: ListVersion, inForce: ListVersion) => void,
  ): AppliedVersion[] {
    const applied: AppliedVersion[] = [];
    for (const version of versions) {
      const replaced = this.versions.get(version.source);
      if (replaced?.contentHash === version.contentHash) continue;
      if (replaced !== undefined && version.sequence <= replaced.sequence) {
        onStale?.(version, replaced);
        continue;
      }
      applied.push(replaced === undefined ? { version } : { version, replaced });
    }
    if (applied.length === 0) return applied;
    const next = new Map(this.versions);
    for (const { version } of applied) next.set(version.source, version);
    const snapshot = this.engine.buildSnapshot([...next.values()].sort((a, b) => a.source - b.source));
    // The first snapshot of a process warms the engine up before any screen sees it (a no-op afterwards).
    this.lastWarmUp = this.engine.warmUp?.(snapshot);
    for (const { version } of applied) this.versions.set(version.source, version);
    this.current = snapshot;
    return applied;
  }
}
