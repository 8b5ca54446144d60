import { Badge, Button, Flex, Heading, Text } from '@radix-ui/themes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Api, query } from '../api';
import { ErrorCallout } from './review-queue';

interface Notification {
  notification_id: string;
  kind: string;
  lead_id?: string;
  message: string;
  created_at: string;
  read: boolean;
}

interface CallTask {
  task_id: string;
  lead_id: string;
  status: string;
  talking_points: string;
  created_at: string;
}

/** How often the inbox's lists ask again: notifications and call tasks arrive from the bus at any time. */
const INBOX_POLL_MS = 10_000;

/** The caller's notifications, newest first; each can be marked read. */
export function Notifications({ api }: { api: Api }) {
  const queryClient = useQueryClient();
  const inbox = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api<{ items: Notification[] }>('GET', `/api/v1/notifications${query({ page_size: 50 })}`),
    refetchInterval: INBOX_POLL_MS,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api('POST', `/api/v1/notifications/${id}/read`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const items = inbox.data?.items ?? [];
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Notifications
      </Heading>
      {(inbox.error || markRead.error) && <ErrorCallout error={inbox.error ?? markRead.error} />}
      {items.length === 0 && <Text>{inbox.isPending ? 'Loading…' : 'No notifications.'}</Text>}
      <ul className="queue-list">
        {items.map((notification) => (
          <li key={notification.notification_id} className="list-item">
            <Flex justify="between" align="center" gap="2" wrap="wrap">
              <Flex gap="2" align="center" wrap="wrap">
                <Badge color={notification.read ? 'gray' : 'indigo'}>{notification.read ? 'read' : 'new'}</Badge>
                <Text>{notification.message}</Text>
              </Flex>
              {!notification.read && (
                <Button size="1" variant="soft" onClick={() => markRead.mutate(notification.notification_id)}>
                  Mark read
                </Button>
              )}
            </Flex>
            <Text size="1" color="gray">
              {notification.kind} · {notification.lead_id ?? ''} · {new Date(notification.created_at).toLocaleString()}
            </Text>
          </li>
        ))}
      </ul>
    </Flex>
  );
}

/** Calls to make: the tasks delivery created for approved phone-call recommendations, with their talking points. */
export function CallTasks({ api }: { api: Api }) {
  const tasks = useQuery({
    queryKey: ['call-tasks'],
    queryFn: () => api<{ items: CallTask[] }>('GET', `/api/v1/tasks${query({ page_size: 50 })}`),
    // a task is created once the approved draft has passed compliance and reached delivery, seconds after the approval
    refetchInterval: INBOX_POLL_MS,
  });
  const items = tasks.data?.items ?? [];
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Call tasks
      </Heading>
      {tasks.error && <ErrorCallout error={tasks.error} />}
      {items.length === 0 && <Text>{tasks.isPending ? 'Loading…' : 'No calls to make.'}</Text>}
      <ul className="queue-list">
        {items.map((task) => (
          <li key={task.task_id} className="list-item">
            <Flex gap="2" align="center" wrap="wrap">
              <Text weight="bold">{task.lead_id}</Text>
              <Badge>{task.status}</Badge>
              <Text size="1" color="gray">
                {new Date(task.created_at).toLocaleString()}
              </Text>
            </Flex>
            <Text as="p" className="prewrap">
              {task.talking_points}
            </Text>
          </li>
        ))}
      </ul>
    </Flex>
  );
}
