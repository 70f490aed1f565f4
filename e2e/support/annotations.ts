/**
 * Annotations in a scene read back from the page (schema v3): `scene.annotations[partition][id]`,
 * partitioned by sample (see src/core/schema/partitions.ts). Node-side helpers for specs that read
 * the store's state through `page.evaluate`; code running inside the page flattens the same way
 * (`Object.values(parts).flatMap((p) => Object.values(p))`), since it cannot import these.
 */
export type Partitioned<A> = Record<string, Record<string, A>>;

/** Every annotation, partition by partition. */
export const flatAnnotations = <A>(parts: Partitioned<A>): A[] => Object.values(parts).flatMap((p) => Object.values(p));

/** The annotation with this id, or undefined. */
export const annotationById = <A>(parts: Partitioned<A>, id: string): A | undefined => Object.values(parts).find((p) => id in p)?.[id];
