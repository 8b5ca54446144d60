import { Badge, Box, Button, Callout, Card, Flex, Heading, Text } from '@radix-ui/themes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { diffWords } from 'diff';
import { FormEvent, useEffect, useMemo, useState } from 'react';
import { Api, ApiError, gatherPages, Lead, LIST_CAP, pacedPolling, QueueItem } from '../api';
import { Session } from '../session';
import { smsLength } from '../sms';
import { NoteField, PartialListNote } from '../components';

const RECOMMENDATIONS = '/api/v1/ai/followup/recommendations';
const LIFECYCLE_STATES = ['pending_review', 'compliance_check', 'blocked', 'ready_to_send', 'sending', 'delivered', 'failed', 'rejected'];
const CHANNELS = ['sms', 'email', 'phone_call'];
const REJECTION_CATEGORIES = [
  { value: 'wrong_tone', label: 'Wrong tone' },
  { value: 'wrong_channel', label: 'Wrong channel' },
  { value: 'wrong_timing', label: 'Wrong timing' },
  { value: 'inaccurate', label: 'Inaccurate or made-up content' },
  { value: 'not_relevant', label: 'Not relevant to the lead' },
  { value: 'other', label: 'Other' },
];

/** Typing in a field must not trigger the queue's single-key shortcuts. */
function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * How long a draft must have been shown before it can be approved: a key press or click meant for the draft shown
 * before (the one just decided, say) must not approve the one that took its place.
 */
const APPROVAL_SETTLE_MS = 1000;

function ageHours(item: QueueItem): number {
  return (Date.now() - new Date(item.created_at).getTime()) / 3_600_000;
}

/**
 * The user's own leads, or (scope team) the tenant's with filters; highest priority first. The item shown stays
 * shown while it is in the queue, wherever a poll sorts it, until the reviewer moves or decides.
 */
export function ReviewQueue({ api, session, scope }: { api: Api; session: Session; scope: 'own' | 'team' }) {
  const [status, setStatus] = useState('pending_review');
  const [channel, setChannel] = useState('');
  const [minimumAge, setMinimumAge] = useState('');
  const [ownerRep, setOwnerRep] = useState('');
  const [selectedId, setSelectedId] = useState<string>();
  // asked for by name: for a rep who is also a manager, the API would otherwise answer with the whole tenant
  const owner = scope === 'own' ? session.sub : ownerRep.trim() || undefined;
  const queue = useQuery({
    queryKey: ['queue', scope, status, owner],
    queryFn: () => gatherPages<QueueItem>(api, RECOMMENDATIONS, { status, owner_rep_id: owner, order: 'highest_priority_first' }),
    refetchInterval: pacedPolling<QueueItem>(3000),
  });
  const items = useMemo(
    () =>
      (queue.data?.items ?? [])
        .filter((item) => !channel || item.result?.recommended_channel === channel)
        .filter((item) => !minimumAge || ageHours(item) >= Number(minimumAge)),
    [queue.data, channel, minimumAge],
  );
  const selected = items.find((item) => item.recommendation_id === selectedId) ?? items[0];

  useEffect(() => {
    if (selected && selected.recommendation_id !== selectedId) setSelectedId(selected.recommendation_id);
  }, [selected, selectedId]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (typingIn(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== 'j' && event.key !== 'k') return;
      const index = selected ? items.indexOf(selected) : -1;
      const next = items[Math.min(items.length - 1, Math.max(0, index + (event.key === 'j' ? 1 : -1)))];
      if (next) setSelectedId(next.recommendation_id);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, selected]);

  return (
    <Flex direction="column" gap="3">
      <Heading as="h2" size="4">
        {scope === 'own' ? 'My review queue' : 'Team queue'}
      </Heading>
      {scope === 'team' && (
        <Flex gap="3" wrap="wrap" role="group" aria-label="Filters">
          <label className="field">
            <Text size="2">State</Text>
            <select className="native-select" value={status} onChange={(event) => setStatus(event.target.value)}>
              {LIFECYCLE_STATES.map((state) => (
                <option key={state}>{state}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <Text size="2">Channel</Text>
            <select className="native-select" value={channel} onChange={(event) => setChannel(event.target.value)}>
              <option value="">any</option>
              {CHANNELS.map((candidate) => (
                <option key={candidate}>{candidate}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <Text size="2">Rep</Text>
            <input className="native-select" value={ownerRep} placeholder="any rep" onChange={(event) => setOwnerRep(event.target.value)} />
          </label>
          <label className="field">
            <Text size="2">Waiting at least</Text>
            <select className="native-select" value={minimumAge} onChange={(event) => setMinimumAge(event.target.value)}>
              <option value="">any age</option>
              <option value="1">1 hour</option>
              <option value="24">1 day</option>
              <option value="72">3 days</option>
            </select>
          </label>
        </Flex>
      )}
      <Text size="1" color="gray">
        Shortcuts: j / k next and previous, e edit, a approve, r reject.
      </Text>
      {queue.error && <ErrorCallout error={queue.error} />}
      {queue.data?.capped && (
        <PartialListNote>
          Showing the {LIST_CAP} highest-priority recommendations in this state only: lower-priority ones are not listed.
        </PartialListNote>
      )}
      <div className="queue-layout">
        <nav aria-label="Queue">
          {queue.isPending ? (
            <Text>Loading…</Text>
          ) : items.length === 0 ? (
            <Text>Nothing to review.</Text>
          ) : (
            <ul className="queue-list">
              {items.map((item) => (
                <li key={item.recommendation_id}>
                  <button
                    type="button"
                    className="queue-entry"
                    data-recommendation-id={item.recommendation_id}
                    aria-current={item === selected}
                    onClick={() => setSelectedId(item.recommendation_id)}
                  >
                    <Flex justify="between" gap="2">
                      <Text weight="bold">{item.lead_id}</Text>
                      <Text>score {item.result?.priority_score ?? '–'}</Text>
                    </Flex>
                    <Text size="1" color="gray">
                      {item.result?.recommended_channel ?? 'no channel'} · {item.lifecycle} · {new Date(item.created_at).toLocaleString()}
                    </Text>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </nav>
        {selected && <ItemDetail key={selected.recommendation_id} api={api} item={selected} />}
      </div>
    </Flex>
  );
}

export function ErrorCallout({ error }: { error: unknown }) {
  const message = error instanceof ApiError ? `${error.code}: ${error.message}` : 'Something went wrong.';
  return (
    <Callout.Root color="red" role="alert">
      <Callout.Text>{message}</Callout.Text>
    </Callout.Root>
  );
}

function DraftDiff({ original, edited }: { original: string; edited: string }) {
  return (
    <p className="diff prewrap" aria-label="Changes against the AI's draft">
      {diffWords(original, edited).map((part, index) =>
        part.added ? (
          <ins key={index}>{part.value}</ins>
        ) : part.removed ? (
          <del key={index}>{part.value}</del>
        ) : (
          <span key={index}>{part.value}</span>
        ),
      )}
    </p>
  );
}

function SmsCounter({ text }: { text: string }) {
  const length = smsLength(text);
  return (
    <Text size="2" aria-live="polite" data-testid="sms-counter">
      {length.units} characters ({length.encoding}), {length.segments} SMS {length.segments === 1 ? 'segment' : 'segments'}
    </Text>
  );
}

type Mode = 'view' | 'edit' | 'reject';

function ItemDetail({ api, item }: { api: Api; item: QueueItem }) {
  const queryClient = useQueryClient();
  const original = item.result?.draft_message ?? '';
  const [mode, setMode] = useState<Mode>('view');
  const [draft, setDraft] = useState(original);
  const [category, setCategory] = useState(REJECTION_CATEGORIES[0].value);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<string>();
  // keyed by recommendation id, so every draft shown starts unsettled
  const [settled, setSettled] = useState(false);
  const lead = useQuery({
    queryKey: ['lead', item.lead_id],
    queryFn: () => api<Lead>('GET', `/api/v1/leads/${encodeURIComponent(item.lead_id)}`),
  });
  const reviewable = item.lifecycle === 'pending_review';
  const path = `${RECOMMENDATIONS}/${item.recommendation_id}`;

  const done = (message: string) => {
    setOutcome(message);
    setMode('view');
    void queryClient.invalidateQueries({ queryKey: ['queue'] });
  };
  const approve = useMutation({
    mutationFn: () =>
      api<{ lifecycle: string; decision: string }>('POST', `${path}/approve`, draft !== original ? { draft_message: draft } : {}),
    onSuccess: (response) => done(`Approved (${response.decision}); now ${response.lifecycle}.`),
  });
  const reject = useMutation({
    mutationFn: () => {
      const label = REJECTION_CATEGORIES.find((candidate) => candidate.value === category)?.value ?? 'other';
      return api<{ lifecycle: string }>('POST', `${path}/reject`, { reason: note.trim() ? `${label}: ${note.trim()}` : label });
    },
    onSuccess: () => done('Rejected; a revision will appear in the queue.'),
  });
  const askForData = useMutation({
    mutationFn: () => api<{ requested: boolean }>('POST', `${path}/more-data-requests`),
    onSuccess: () => setOutcome('The sales managers were asked for more engagement data.'),
  });

  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(true), APPROVAL_SETTLE_MS);
    return () => window.clearTimeout(timer);
  }, []);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (typingIn(event.target) || event.ctrlKey || event.metaKey || event.altKey || !reviewable) return;
      if (event.key === 'e') setMode('edit');
      else if (event.key === 'r') setMode('reject');
      else if (event.key === 'a' && settled && !approve.isPending) approve.mutate();
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [reviewable, settled, approve]);

  function submitReject(event: FormEvent) {
    event.preventDefault();
    reject.mutate();
  }

  const result = item.result;
  const name = lead.data ? `${lead.data.first_name} ${lead.data.last_name}` : item.lead_id;
  return (
    <Card asChild>
      <section aria-label="Recommendation">
        <Flex direction="column" gap="3">
          <Flex justify="between" align="start" wrap="wrap" gap="2">
            <Box>
              <Heading as="h3" size="4">
                {name}
              </Heading>
              <Text size="2" color="gray">
                {item.lead_id}
                {lead.data ? ` · ${lead.data.account_tier} · owner ${lead.data.owner_rep_id}` : ''}
              </Text>
            </Box>
            <Flex gap="2" wrap="wrap">
              <Badge size="2" color="indigo">
                Priority {result?.priority_score ?? '–'}
              </Badge>
              <Badge size="2" color={item.confidence === 'low' ? 'amber' : 'green'}>
                Confidence: {item.confidence ?? 'unknown'}
              </Badge>
              <Badge size="2">{item.lifecycle}</Badge>
            </Flex>
          </Flex>
          {item.confidence === 'low' && (
            <Callout.Root color="amber">
              <Callout.Text>
                Low confidence: little engagement data backs this recommendation. Check the lead's history before approving.
              </Callout.Text>
              <Box>
                <Button size="1" variant="soft" color="amber" disabled={askForData.isPending} onClick={() => askForData.mutate()}>
                  Ask for more data
                </Button>
              </Box>
            </Callout.Root>
          )}
          {result && (
            <Box>
              <Text as="p">
                <strong>Action:</strong> {result.recommended_action} · <strong>Channel:</strong> {result.recommended_channel}
              </Text>
              {item.score_factors && Object.keys(item.score_factors).length > 0 && <ScoreFactors factors={item.score_factors} />}
              {item.channel_ranking && item.channel_ranking.length > 0 && (
                <table className="data-table" aria-label="Channel ranking">
                  <thead>
                    <tr>
                      <th scope="col">Channel</th>
                      <th scope="col">Estimated response rate</th>
                      <th scope="col">Consent</th>
                    </tr>
                  </thead>
                  <tbody>
                    {item.channel_ranking.map((entry) => (
                      <tr key={entry.channel}>
                        <td>
                          {entry.channel}
                          {entry.channel === result.recommended_channel && (
                            <Badge ml="2" color="indigo">
                              recommended
                            </Badge>
                          )}
                        </td>
                        <td>{`${Math.round(entry.response_probability * 100)}%`}</td>
                        <td>{entry.consented ? 'yes' : 'no'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <Heading as="h4" size="2" mt="2">
                Why
              </Heading>
              <Text as="p" className="prewrap">
                {result.reasoning_summary}
              </Text>
            </Box>
          )}
          <Box>
            <Heading as="h4" size="2" mb="1">
              Draft
            </Heading>
            {mode === 'edit' ? (
              <Flex direction="column" gap="2">
                <label className="field">
                  <Text size="2" weight="bold">
                    Draft message
                  </Text>
                  <textarea className="native-textarea" value={draft} onChange={(event) => setDraft(event.target.value)} autoFocus />
                </label>
                {result?.recommended_channel === 'sms' && <SmsCounter text={draft} />}
                <DraftDiff original={original} edited={draft} />
              </Flex>
            ) : (
              <Text as="p" className="prewrap" data-testid="draft-text">
                {draft}
              </Text>
            )}
          </Box>
          {mode === 'reject' && (
            <form onSubmit={submitReject} aria-label="Reject">
              <Flex direction="column" gap="2">
                <label className="field">
                  <Text size="2" weight="bold">
                    Reason
                  </Text>
                  <select className="native-select" value={category} onChange={(event) => setCategory(event.target.value)} autoFocus>
                    {REJECTION_CATEGORIES.map((candidate) => (
                      <option key={candidate.value} value={candidate.value}>
                        {candidate.label}
                      </option>
                    ))}
                  </select>
                </label>
                <NoteField value={note} onChange={setNote} />
                <Flex gap="2">
                  <Button type="submit" color="red" disabled={reject.isPending}>
                    Confirm rejection
                  </Button>
                  <Button type="button" variant="soft" onClick={() => setMode('view')}>
                    Cancel
                  </Button>
                </Flex>
              </Flex>
            </form>
          )}
          {reviewable && mode !== 'reject' && (
            <Flex gap="2" wrap="wrap">
              {mode === 'view' && (
                <Button variant="soft" onClick={() => setMode('edit')}>
                  Edit (e)
                </Button>
              )}
              <Button onClick={() => approve.mutate()} disabled={!settled || approve.isPending} color="green">
                {draft !== original ? 'Approve edited draft (a)' : 'Approve (a)'}
              </Button>
              <Button variant="soft" color="red" onClick={() => setMode('reject')}>
                Reject (r)
              </Button>
            </Flex>
          )}
          {(approve.error || reject.error || askForData.error) && (
            <ErrorCallout error={approve.error ?? reject.error ?? askForData.error} />
          )}
          <div role="status" aria-live="polite">
            {outcome && <Text color="green">{outcome}</Text>}
          </div>
        </Flex>
      </section>
    </Card>
  );
}

/**
 * What raised (+) or lowered (−) the priority score (calibrated log-odds), largest effect first; the
 * recommender reports the days since the last engagement among them as a plain fact, not a contribution.
 */
function ScoreFactors({ factors }: { factors: Record<string, number> }) {
  const { days_since_engagement: daysSinceEngagement, ...contributions } = factors;
  const entries = Object.entries(contributions).sort(([, a], [, b]) => Math.abs(b) - Math.abs(a));
  return (
    <Box>
      <Heading as="h4" size="2" mt="2">
        Score factors
      </Heading>
      <ul className="score-factors" aria-label="Score factors">
        {entries.map(([factor, contribution]) => (
          <li key={factor}>
            <span>{factor.replace(/_/g, ' ')}</span>{' '}
            <Text color={contribution > 0 ? 'green' : contribution < 0 ? 'red' : 'gray'} weight="bold">
              {contribution > 0 ? '+' : contribution < 0 ? '−' : '±'}
              {Math.abs(contribution).toFixed(2)}
            </Text>
          </li>
        ))}
      </ul>
      {daysSinceEngagement !== undefined && (
        <Text as="p" size="2" color="gray">
          {daysSinceEngagement} days since the last engagement
        </Text>
      )}
    </Box>
  );
}
