import { Badge, Button, Card, Flex, Heading, Text } from '@radix-ui/themes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useRef, useState } from 'react';
import { Api, backedOffRead, Escalation, Finding, gatherPages, LIST_CAP, readOrMissing } from '../api';
import { NoteField, PartialListNote } from '../components';
import { ErrorCallout } from './review-queue';

const ESCALATIONS = '/api/v1/compliance/escalations';

interface Drafts {
  drafts: { kind: string; text: string }[];
}

/** The restricted text with each finding's span marked; findings are character positions from the screening. */
function HighlightedText({ text, findings }: { text: string; findings: Finding[] }) {
  const ordered = [...findings].sort((a, b) => a.start - b.start);
  const parts: React.ReactNode[] = [];
  let position = 0;
  ordered.forEach((finding, index) => {
    if (finding.start < position) return;
    parts.push(text.slice(position, finding.start));
    parts.push(
      <mark key={index} className="blocked-span" title={finding.kind}>
        {text.slice(finding.start, finding.end)}
        <span className="skip-link"> (blocked: {finding.kind})</span>
      </mark>,
    );
    position = finding.end;
  });
  parts.push(text.slice(position));
  return (
    <p className="prewrap" data-testid="blocked-text">
      {parts}
    </p>
  );
}

function EscalationCase({ api, escalation }: { api: Api; escalation: Escalation }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  /** This case's reads of its draft, retries included. */
  const reads = useRef(0);
  const screenedKind = escalation.stage === 'generated' ? 'generated' : 'reviewed';
  const screenedText = (data: Drafts | undefined) => data?.drafts.filter((draft) => draft.kind === screenedKind).at(-1)?.text;
  const drafts = useQuery({
    queryKey: ['drafts', escalation.recommendation_id],
    queryFn: () => {
      reads.current += 1;
      // the case exists, so a 404 means the audit trail holds no draft of it: not recorded yet, or erased with its lead
      return readOrMissing(() => api<Drafts>('GET', `/api/v1/audit/recommendations/${escalation.recommendation_id}/drafts`), {
        drafts: [],
      });
    },
    // the audit trail records the draft from the bus, possibly after compliance opened the case: ask again for a while
    refetchInterval: (query) => (screenedText(query.state.data) === undefined ? backedOffRead(reads.current) : false),
  });
  const text = screenedText(drafts.data);
  const gaveUp = text === undefined && !drafts.isFetching && reads.current > 0 && backedOffRead(reads.current) === false;
  const resolve = useMutation({
    mutationFn: (resolution: 'release' | 'discard') =>
      api('POST', `${ESCALATIONS}/${escalation.escalation_id}/resolve`, { resolution, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['escalations'] }),
  });
  const submit = (resolution: 'release' | 'discard') => (event: FormEvent) => {
    event.preventDefault();
    resolve.mutate(resolution);
  };
  return (
    <Card asChild>
      <section aria-label={`Escalation for ${escalation.lead_id}`} data-escalation-id={escalation.escalation_id}>
        <Flex direction="column" gap="2">
          <Flex gap="2" wrap="wrap" align="center">
            <Heading as="h3" size="3">
              {escalation.lead_id}
            </Heading>
            <Badge>{escalation.stage}</Badge>
            {escalation.findings.map((finding, index) => (
              <Badge key={index} color="amber">
                {finding.kind}
              </Badge>
            ))}
            <Text size="1" color="gray">
              raised {new Date(escalation.raised_at).toLocaleString()}
            </Text>
          </Flex>
          {drafts.error ? (
            <ErrorCallout error={drafts.error} />
          ) : gaveUp ? (
            <Text>The audit trail holds no text of this draft (not recorded yet, or erased with its lead); reload to ask again.</Text>
          ) : text === undefined ? (
            <Text>Loading the draft…</Text>
          ) : (
            <HighlightedText text={text} findings={escalation.findings} />
          )}
          <form onSubmit={submit('release')}>
            <Flex direction="column" gap="2">
              <NoteField value={note} onChange={setNote} />
              <Flex gap="2">
                <Button type="submit" color="green" disabled={resolve.isPending}>
                  Release
                </Button>
                <Button type="button" color="red" variant="soft" disabled={resolve.isPending} onClick={() => resolve.mutate('discard')}>
                  Discard
                </Button>
              </Flex>
            </Flex>
          </form>
          {resolve.error && <ErrorCallout error={resolve.error} />}
        </Flex>
      </section>
    </Card>
  );
}

/** Open cases shown at once, oldest first: each loads its restricted text, and the next ones appear as these are resolved. */
const OPEN_CASES_SHOWN = 50;

/** Drafts blocked for potential personal data: the spans, and the decision with a note; then the history. */
export function Escalations({ api }: { api: Api }) {
  const open = useQuery({
    queryKey: ['escalations', 'open'],
    queryFn: () => gatherPages<Escalation>(api, ESCALATIONS, { status: 'open' }, OPEN_CASES_SHOWN),
    refetchInterval: 3000,
  });
  const history = useQuery({
    queryKey: ['escalations', 'all'],
    // one past the cap: whether a decision follows the 1,000 shown (open cases come after every decided one)
    queryFn: () => gatherPages<Escalation>(api, ESCALATIONS, { order: 'latest_decision_first' }, LIST_CAP + 1),
  });
  const decided = (history.data?.items ?? []).filter((escalation) => escalation.status !== 'open');
  const decisions = decided.slice(0, LIST_CAP);
  const moreDecisions = decided.length > LIST_CAP;
  return (
    <Flex direction="column" gap="4">
      <Heading as="h2" size="4">
        Open escalations
      </Heading>
      {open.error && <ErrorCallout error={open.error} />}
      {open.data?.capped && (
        <PartialListNote>
          Showing the {OPEN_CASES_SHOWN} oldest open escalations; the next ones appear as these are resolved.
        </PartialListNote>
      )}
      {open.data?.items.length === 0 && <Text>No open escalations.</Text>}
      {open.data?.items.map((escalation) => (
        <EscalationCase key={escalation.escalation_id} api={api} escalation={escalation} />
      ))}
      <Heading as="h2" size="4">
        Decisions
      </Heading>
      {history.error && <ErrorCallout error={history.error} />}
      {moreDecisions && <PartialListNote>Showing the {LIST_CAP} latest decisions only: older ones are not listed.</PartialListNote>}
      <div className="table-scroll">
        <table className="data-table" aria-label="Decisions">
          <thead>
            <tr>
              <th scope="col">Lead</th>
              <th scope="col">Resolution</th>
              <th scope="col">By</th>
              <th scope="col">Note</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {decisions.map((escalation) => (
              <tr key={escalation.escalation_id}>
                <th scope="row">{escalation.lead_id}</th>
                <td>{escalation.resolution}</td>
                <td>{escalation.resolved_by}</td>
                <td>{escalation.resolution_note ?? ''}</td>
                <td>{escalation.resolved_at ? new Date(escalation.resolved_at).toLocaleString() : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Flex>
  );
}
