import { ListSource } from './gen/cordon/sanctions/v1/entity.js';

/**
 * The source slug of each list, as the lists package names sources (its `SourceKind`) and as Kafka keys of the
 * sanctions topics spell them.
 */
export type ListSourceSlug = 'ofac-sdn' | 'ofac-consolidated' | 'un' | 'uk' | 'uk-ofsi' | 'eu';

type KnownListSource = Exclude<ListSource, ListSource.UNSPECIFIED | ListSource.UNRECOGNIZED>;

const SLUGS: Readonly<Record<KnownListSource, ListSourceSlug>> = {
  [ListSource.OFAC_SDN]: 'ofac-sdn',
  [ListSource.OFAC_CONSOLIDATED]: 'ofac-consolidated',
  [ListSource.UN]: 'un',
  [ListSource.UK]: 'uk',
  [ListSource.UK_OFSI]: 'uk-ofsi',
  [ListSource.EU]: 'eu',
};

const BY_SLUG: ReadonlyMap<string, KnownListSource> = new Map(
  Object.entries(SLUGS).map(([source, slug]) => [slug, Number(source) as KnownListSource]),
);

/** The slug of `source`. Throws for UNSPECIFIED / UNRECOGNIZED, which no published event may carry. */
export function listSourceSlug(source: ListSource): ListSourceSlug {
  const slug = (SLUGS as Partial<Record<ListSource, ListSourceSlug>>)[source];
  if (slug === undefined) throw new RangeError(`list source ${source} has no slug (unspecified or unknown)`);
  return slug;
}

/** The list source named by `slug` ("ofac-sdn", ...), or undefined when no source has that slug. */
export function listSourceFromSlug(slug: string): ListSource | undefined {
  return BY_SLUG.get(slug);
}
