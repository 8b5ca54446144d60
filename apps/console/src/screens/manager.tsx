import { Badge, Button, Flex, Heading, Text } from '@radix-ui/themes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReactNode } from 'react';
import { Api, gatherPages, LIST_CAP, ManualQueueItem, pacedPolling, Page, query, QueueItem } from '../api';
import { PartialListNote } from '../components';
import { ErrorCallout } from './review-queue';

const MANUAL_QUEUE = '/api/v1/queues/manual';
/** The most items one answer of the manual queue holds, oldest first: what the screen shows of each list. */
const MANUAL_QUEUE_LIMIT = 200;

interface ManualQueueView {
  waiting: ManualQueueItem[];
  claimed: ManualQueueItem[];
  /** Whether either list may go on past what it holds. */
  waitingCapped: boolean;
  claimedCapped: boolean;
}

/**
 * The requests no manager has picked up, asked for on their own (claimed ones piling up must not hide a new
 * failure), and those already claimed.
 */
async function loadManualQueue(api: Api): Promise<ManualQueueView> {
  const [waiting, all] = await Promise.all([
    api<Page<ManualQueueItem>>('GET', `${MANUAL_QUEUE}${query({ limit: MANUAL_QUEUE_LIMIT })}`),
    api<Page<ManualQueueItem>>('GET', `${MANUAL_QUEUE}${query({ include_claimed: true, limit: MANUAL_QUEUE_LIMIT })}`),
  ]);
  return {
    waiting: waiting.items,
    claimed: all.items.filter((item) => item.claimed_by),
    waitingCapped: waiting.next_cursor != null,
    claimedCapped: all.next_cursor != null,
  };
}

function ManualQueueTable({
  label,
  items,
  actions,
}: {
  label: string;
  items: ManualQueueItem[];
  actions: (item: ManualQueueItem) => ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Lead</th>
            <th scope="col">Error</th>
            <th scope="col">Attempts</th>
            <th scope="col">Requested</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.recommendation_id} data-recommendation-id={item.recommendation_id}>
              <th scope="row">{item.lead_id}</th>
              <td>{item.error.code}</td>
              <td>{item.attempt}</td>
              <td>{new Date(item.requested_at).toLocaleString()}</td>
              <td>{actions(item)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The requests the AI service failed on: ask it again, or take one to handle by hand. */
export function ManualQueue({ api }: { api: Api }) {
  const queryClient = useQueryClient();
  const manual = useQuery({
    queryKey: ['manual-queue'],
    queryFn: () => loadManualQueue(api),
    refetchInterval: 3000,
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'retry' | 'claim' }) => api('POST', `${MANUAL_QUEUE}/${id}/${action}`),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['manual-queue'] }),
  });
  const view = manual.data;
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Manual queue
      </Heading>
      {manual.error && <ErrorCallout error={manual.error} />}
      {act.error && <ErrorCallout error={act.error} />}
      {act.isSuccess && (
        <Text role="status" color="green">
          {act.variables?.action === 'retry' ? 'Sent to the AI service again.' : 'Claimed.'}
        </Text>
      )}
      <Heading as="h3" size="3">
        Waiting for a manager
      </Heading>
      {view?.waitingCapped && (
        <PartialListNote>
          Showing the {MANUAL_QUEUE_LIMIT} oldest waiting requests only; newer ones appear as these are handled.
        </PartialListNote>
      )}
      {!view || view.waiting.length === 0 ? (
        <Text>{manual.isPending ? 'Loading…' : 'No request is waiting.'}</Text>
      ) : (
        <ManualQueueTable
          label="Waiting for a manager"
          items={view.waiting}
          actions={(item) => (
            <Flex gap="2">
              <Button
                size="1"
                onClick={() => act.mutate({ id: item.recommendation_id, action: 'retry' })}
                aria-label={`Retry ${item.lead_id}`}
              >
                Retry
              </Button>
              <Button
                size="1"
                variant="soft"
                onClick={() => act.mutate({ id: item.recommendation_id, action: 'claim' })}
                aria-label={`Claim ${item.lead_id}`}
              >
                Claim
              </Button>
            </Flex>
          )}
        />
      )}
      <Heading as="h3" size="3">
        Claimed
      </Heading>
      {view?.claimedCapped && (
        <PartialListNote>Showing the claimed ones among the {MANUAL_QUEUE_LIMIT} oldest requests only.</PartialListNote>
      )}
      {!view || view.claimed.length === 0 ? (
        <Text>{manual.isPending ? 'Loading…' : 'No request is claimed.'}</Text>
      ) : (
        <ManualQueueTable label="Claimed" items={view.claimed} actions={(item) => <Badge>claimed by {item.claimed_by}</Badge>} />
      )}
    </Flex>
  );
}

/** How often the delivery failures are asked for again (longer for a list of several pages: pacedPolling). */
const FAILURES_POLL_MS = 10_000;

/** Recommendations whose delivery failed for good, latest failure first, newest attempt shown. */
export function DeliveryFailures({ api }: { api: Api }) {
  const failed = useQuery({
    queryKey: ['queue', 'failures'],
    queryFn: () => gatherPages<QueueItem>(api, '/api/v1/ai/followup/recommendations', { status: 'failed', order: 'latest_change_first' }),
    // a delivery fails for good after its retries, whenever that is
    refetchInterval: pacedPolling<QueueItem>(FAILURES_POLL_MS),
  });
  const items = failed.data?.items ?? [];
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Delivery failures
      </Heading>
      {failed.error && <ErrorCallout error={failed.error} />}
      {failed.data?.capped && <PartialListNote>Showing the {LIST_CAP} latest failures only: older ones are not listed.</PartialListNote>}
      {items.length === 0 ? (
        <Text>{failed.isPending ? 'Loading…' : 'No failed deliveries.'}</Text>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-label="Delivery failures">
            <thead>
              <tr>
                <th scope="col">Lead</th>
                <th scope="col">Channel</th>
                <th scope="col">Outcome</th>
                <th scope="col">Attempt</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.recommendation_id}>
                  <th scope="row">{item.lead_id}</th>
                  <td>{item.delivery?.channel ?? item.result?.recommended_channel}</td>
                  <td>{item.delivery?.outcome ?? 'failed'}</td>
                  <td>{item.delivery?.attempt ?? '–'}</td>
                  <td>{item.lifecycle_updated_at ? new Date(item.lifecycle_updated_at).toLocaleString() : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Flex>
  );
}
