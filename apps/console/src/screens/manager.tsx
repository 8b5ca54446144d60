import { Badge, Button, Flex, Heading, Text } from '@radix-ui/themes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Api, ManualQueueItem, Page, query, QueueItem } from '../api';
import { ErrorCallout } from './review-queue';

/** The requests the AI service failed on: ask it again, or take one to handle by hand. */
export function ManualQueue({ api }: { api: Api }) {
  const queryClient = useQueryClient();
  const manual = useQuery({
    queryKey: ['manual-queue'],
    queryFn: () => api<{ items: ManualQueueItem[] }>('GET', `/api/v1/queues/manual${query({ include_claimed: true, limit: 100 })}`),
    refetchInterval: 3000,
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'retry' | 'claim' }) => api('POST', `/api/v1/queues/manual/${id}/${action}`),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['manual-queue'] }),
  });
  const items = manual.data?.items ?? [];
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
      {items.length === 0 ? (
        <Text>{manual.isPending ? 'Loading…' : 'The manual queue is empty.'}</Text>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-label="Manual queue">
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
                  <td>
                    {item.claimed_by ? (
                      <Badge>claimed by {item.claimed_by}</Badge>
                    ) : (
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
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Flex>
  );
}

/** Recommendations whose delivery failed for good, newest attempt shown. */
export function DeliveryFailures({ api }: { api: Api }) {
  const failed = useQuery({
    queryKey: ['queue', 'failures'],
    queryFn: () => api<Page<QueueItem>>('GET', `/api/v1/ai/followup/recommendations${query({ status: 'failed', limit: 100 })}`),
  });
  const items = failed.data?.items ?? [];
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Delivery failures
      </Heading>
      {failed.error && <ErrorCallout error={failed.error} />}
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
