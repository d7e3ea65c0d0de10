/**
 * A lane lends its worker a resource (a browser context on the ERP) for as long as the worker runs, and
 * takes it back afterwards.
 */
export type Lane<R> = (worker: (resource: R) => Promise<void>) => Promise<void>;

/**
 * Works through `items` with one worker per lane, each lane taking the next item when it is done with its
 * last, so at most `lanes.length` items are in hand at once. After the first failure no lane starts
 * another item, but items already started are finished (a letter the SMTP server accepted meanwhile is
 * still recorded); then that first failure is thrown. A lane that cannot start (no context to lend)
 * leaves its share to the others and fails the whole only if items are left undone.
 */
export async function inLanes<I, R>(items: readonly I[], lanes: readonly Lane<R>[], work: (item: I, index: number, resource: R) => Promise<void>): Promise<void> {
  if (items.length === 0) return;
  if (lanes.length === 0) throw new Error('inLanes: no lane to work in');
  let next = 0;
  let failure: { error: unknown } | undefined;
  const used = lanes.slice(0, Math.min(lanes.length, items.length));
  const settled = await Promise.allSettled(
    used.map((lane) =>
      lane(async (resource) => {
        while (failure === undefined && next < items.length) {
          const index = next++;
          try {
            await work(items[index] as I, index, resource);
          } catch (error) {
            failure ??= { error };
          }
        }
      }),
    ),
  );
  if (failure) throw failure.error;
  const laneFailure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (laneFailure && next < items.length) throw laneFailure.reason;
}
