import { Badge, Button, Flex, Heading, Text, TextField } from '@radix-ui/themes';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Api, AuditRecord, ChainVerification, Checkpoint, Page, query } from '../api';
import { ErrorCallout } from './review-queue';

function EventsTable({ label, events }: { label: string; events: AuditRecord[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Event</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Occurred</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.event_id}>
              <td>{event.sequence}</td>
              <th scope="row">{event.event_type}</th>
              <td>{event.action}</td>
              <td>
                {event.actor.id}
                {event.actor.role ? ` (${event.actor.role})` : ''}
              </td>
              <td>{new Date(event.occurred_at).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One recommendation's whole story, from the audit trail. */
export function Timeline({ api }: { api: Api }) {
  const [input, setInput] = useState('');
  const [id, setId] = useState<string>();
  const timeline = useQuery({
    queryKey: ['timeline', id],
    queryFn: () =>
      api<{ recommendation_id: string; lead_id?: string; events: AuditRecord[] }>(
        'GET',
        `/api/v1/audit/recommendations/${encodeURIComponent(id!)}/timeline`,
      ),
    enabled: id !== undefined,
  });
  const open = (event: FormEvent) => {
    event.preventDefault();
    const chosen = input.trim();
    // the same id again asks again: the audit trail may have recorded more of it since (or all of it, if it was not there)
    if (chosen === id) void timeline.refetch();
    else setId(chosen);
  };
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Recommendation timeline
      </Heading>
      <form onSubmit={open}>
        <Flex gap="2" align="end" wrap="wrap">
          <label className="field">
            <Text size="2" weight="bold">
              Recommendation id
            </Text>
            <TextField.Root value={input} onChange={(event) => setInput(event.target.value)} required size="2" />
          </label>
          <Button type="submit">Open timeline</Button>
        </Flex>
      </form>
      {timeline.error && <ErrorCallout error={timeline.error} />}
      {timeline.data && (
        <>
          <Text>
            Lead {timeline.data.lead_id ?? 'unknown'} · {timeline.data.events.length} events
          </Text>
          <EventsTable label="Timeline" events={timeline.data.events} />
        </>
      )}
    </Flex>
  );
}

const AUDIT_EVENTS = '/api/v1/audit/events';

/** Every page of the audit events matching the filters, as NDJSON (one record a line). */
async function exportNdjson(api: Api, filters: Record<string, string>): Promise<string> {
  const lines: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<Page<AuditRecord>>('GET', `${AUDIT_EVENTS}${query({ ...filters, limit: 200, cursor })}`);
    for (const record of page.items) lines.push(JSON.stringify(record));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return lines.map((line) => `${line}\n`).join('');
}

/** The tenant's audit events with filters, and an NDJSON export of the same selection. */
export function AuditEvents({ api }: { api: Api }) {
  const [form, setForm] = useState({ event_type: '', lead_id: '', from: '', to: '' });
  const [filters, setFilters] = useState<Record<string, string>>({});
  const events = useQuery({
    queryKey: ['audit-events', filters],
    queryFn: () => api<Page<AuditRecord>>('GET', `${AUDIT_EVENTS}${query({ ...filters, limit: 100 })}`),
  });
  const exported = useMutation({
    mutationFn: () => exportNdjson(api, filters),
    onSuccess: (ndjson) => {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([ndjson], { type: 'application/x-ndjson' }));
      link.download = 'audit-events.ndjson';
      link.click();
      URL.revokeObjectURL(link.href);
    },
  });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const chosen: Record<string, string> = {};
    if (form.event_type) chosen.event_type = form.event_type;
    if (form.lead_id) chosen.lead_id = form.lead_id;
    if (form.from) chosen.from = new Date(form.from).toISOString();
    if (form.to) chosen.to = new Date(form.to).toISOString();
    // the same filters again ask again, for the events recorded since
    if (JSON.stringify(chosen) === JSON.stringify(filters)) void events.refetch();
    else setFilters(chosen);
  };
  const field = (name: keyof typeof form, label: string, type = 'text') => (
    <label className="field">
      <Text size="2" weight="bold">
        {label}
      </Text>
      <TextField.Root type={type as 'text'} value={form[name]} onChange={(event) => setForm({ ...form, [name]: event.target.value })} />
    </label>
  );
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Audit events
      </Heading>
      <form onSubmit={apply}>
        <Flex gap="2" align="end" wrap="wrap">
          {field('event_type', 'Event type')}
          {field('lead_id', 'Lead id')}
          {field('from', 'From', 'datetime-local')}
          {field('to', 'To', 'datetime-local')}
          <Button type="submit">Apply filters</Button>
          <Button type="button" variant="soft" onClick={() => exported.mutate()} disabled={exported.isPending}>
            Export NDJSON
          </Button>
        </Flex>
      </form>
      {(events.error || exported.error) && <ErrorCallout error={events.error ?? exported.error} />}
      {events.data && <EventsTable label="Audit events" events={events.data.items} />}
    </Flex>
  );
}

/** How often the chain's latest checkpoint is asked for again: the audit trail signs one every 5 minutes at most. */
const CHECKPOINT_POLL_MS = 60_000;

/**
 * The chain's signed checkpoints, the latest asked for again every minute, and the tenant's chain verified: again when
 * a newer checkpoint appears, and on demand (a verification reads the whole chain, so it is not polled).
 */
export function ChainStatus({ api }: { api: Api }) {
  const checkpoints = useQuery({
    queryKey: ['checkpoints'],
    queryFn: () => api<Page<Checkpoint>>('GET', `/api/v1/audit/checkpoints${query({ order: 'newest_first', limit: 1 })}`),
    refetchInterval: CHECKPOINT_POLL_MS,
  });
  const verification = useQuery({
    queryKey: ['chain-verification', checkpoints.data?.items[0]?.sequence],
    queryFn: () => api<ChainVerification>('GET', '/api/v1/audit/verification'),
    enabled: !checkpoints.isPending,
    // the last result stays on screen while the chain is verified again
    placeholderData: keepPreviousData,
  });
  const latest = checkpoints.data?.items[0];
  const verified = verification.data;
  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        Audit chain
      </Heading>
      {verification.error && <ErrorCallout error={verification.error} />}
      {verified && (
        <Flex gap="3" align="center" wrap="wrap">
          <Text size="2" color="gray">
            Verified {new Date(verified.verified_at).toLocaleTimeString()}
          </Text>
          <Button type="button" variant="soft" onClick={() => void verification.refetch()} disabled={verification.isFetching}>
            {verification.isFetching ? 'Verifying…' : 'Verify again'}
          </Button>
        </Flex>
      )}
      {verified && (
        <Text data-testid="chain-verification">
          {verified.intact ? (
            <>
              <Badge color="green">intact</Badge> Tenant {verified.tenant}: {verified.records} records verified, {verified.checkpoints}{' '}
              checkpoint signature(s)
              {verified.signed_up_to !== undefined ? `, signed up to record ${verified.signed_up_to}` : ''}.
            </>
          ) : (
            <>
              <Badge color="red">broken</Badge> Tenant {verified.tenant}: verification fails at record {verified.first_break?.sequence} (
              {verified.first_break?.kind}) after {verified.records} records.
            </>
          )}
        </Text>
      )}
      {checkpoints.error && <ErrorCallout error={checkpoints.error} />}
      {checkpoints.data &&
        (latest ? (
          <Text>
            <Badge color="green">signed</Badge> The latest checkpoint seals records up to {latest.sequence} and is chained as record{' '}
            {latest.record_sequence} (key {latest.key_id}, {new Date(latest.signed_at).toLocaleString()}). Verify offline with{' '}
            <code>npm run audit:verify</code>.
          </Text>
        ) : (
          <Text>
            <Badge color="amber">no checkpoint</Badge> The chain has not been signed yet.
          </Text>
        ))}
    </Flex>
  );
}
