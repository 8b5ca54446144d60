import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { BoundedMap } from '@followup/config';
import { LeadErasureCheck } from '../leads/lead-erasure-check';
import { RecommendationRequestRepository, RequestOutcome, Settlement } from './recommendation-request.repository';
import { RecordOutboxPublisher } from './record-outbox-publisher';
import { answerKey } from './recommender-answers';
import { ReplyWaiter } from './reply-waiter';

export interface RecommenderAnswer {
  tenant: string;
  leadId: string;
  recommendationId: string;
  outcome: RequestOutcome;
  attempt?: number;
  /** The rejected recommendation a revision re-analyses; the revision becomes a request of its own. */
  revisionOf?: string;
}

/** An answer's recording: whether it changed the record, and `recorded` once it succeeded. */
interface Recording {
  recording: Promise<boolean>;
  recorded?: true;
}

/** How many answers a process remembers having recorded (a few minutes of traffic at saturation). */
export const REMEMBERED_ANSWERS = 10_000;

/**
 * Stores the recommender's answer on the request and hands it to the HTTP call waiting for it here, if any: a request
 * waiting here unstored (RequestRecommendationUseCase.publishThenStore) is stored with it, in one insert.
 * A revision after a rejection has no request of its own yet: its first answer is recorded as a new one, ready for
 * review or, when the AI service failed on it, in the manual queue; a manager's retry of that one (a later attempt)
 * is settled like any other request's.
 *
 * An answer to a request waiting here arrives twice at once, on the instance's reply consumer and (when this
 * instance's durable group owns its partition) on the durable group: the process records it once and the second
 * arrival shares that recording instead of racing it in the database. The record the waiting request stored is
 * decided on without reading it again.
 */
@Injectable()
export class RecordRecommendationOutcomeUseCase {
  /** Answers recorded here or being recorded, by answerKey, oldest first. */
  private readonly recordings = new BoundedMap<string, Recording>(REMEMBERED_ANSWERS);

  constructor(
    private readonly requests: RecommendationRequestRepository,
    private readonly replies: ReplyWaiter,
    private readonly outboxes: RecordOutboxPublisher,
    private readonly leads: LeadErasureCheck,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(RecordRecommendationOutcomeUseCase.name);
  }

  async execute(answer: RecommenderAnswer): Promise<void> {
    const { recommendationId, outcome, attempt = 1, revisionOf } = answer;
    const key = answerKey(recommendationId, attempt);
    const shared = this.recordings.get(key);
    const entry = shared ?? this.remember(key, this.record(answer, attempt));
    const changed = (await entry.recording) && !shared;
    entry.recorded = true;
    this.logger.info({ status: outcome.status, duplicate: !changed, revision_of: revisionOf }, 'recommendation outcome recorded');
    this.replies.deliver(recommendationId, outcome);
  }

  /** Whether this process has recorded the answer `key` names (answerKey): a later arrival of it has nothing left to do. */
  hasRecorded(key: string | undefined): boolean {
    return key !== undefined && this.recordings.get(key)?.recorded === true;
  }

  private async record(answer: RecommenderAnswer, attempt: number): Promise<boolean> {
    const { tenant, leadId, recommendationId, outcome, revisionOf } = answer;
    if (revisionOf && attempt === 1) return this.requests.recordRevision(tenant, recommendationId, revisionOf, outcome);
    const held = attempt === 1 ? this.replies.heldFor(recommendationId) : undefined;
    if (held) {
      const { request, json } = held;
      const inserted = await this.leads.write(
        request.tenant,
        request.lead_id,
        async (erased) => (await this.requests.createAnswered(request, json, outcome, erased)) || undefined,
        () => this.requests.eraseStoredLate(request.tenant, recommendationId),
      );
      if (inserted) return true;
    }
    const settlement = await this.requests.settle(tenant, recommendationId, outcome, attempt, this.replies.storedFor(recommendationId));
    if (!settlement.settled && settlement.missing && attempt === 1) return this.park(answer);
    return this.announce(tenant, recommendationId, settlement);
  }

  /**
   * An answer to a request not stored yet: held unstored by another instance, whose own reply consumer missed the
   * answer (it stores the request as pending recordLookIntervalMs after its publish), or by an instance that stopped
   * first and gave its caller no id. Parked for the record to take once stored (RecommendationRequestRepository.park),
   * without holding up the answers behind it; if another change of the record was claimed meanwhile, the record is
   * there: settled on it.
   */
  private async park({ tenant, leadId, recommendationId, outcome }: RecommenderAnswer): Promise<boolean> {
    const parked = await this.leads.write(
      tenant,
      leadId,
      async (erased) => (await this.requests.park(tenant, leadId, recommendationId, outcome, erased)) || undefined,
      () => this.requests.eraseParked(recommendationId),
    );
    if (parked) {
      this.logger.info({ recommendation_id: recommendationId }, 'answer parked until its request is stored');
      return true;
    }
    const settlement = await this.requests.settle(tenant, recommendationId, outcome, 1, this.replies.storedFor(recommendationId));
    return this.announce(tenant, recommendationId, settlement);
  }

  /**
   * Publishes the notice an answer was written with (a request leaving the manual queue) at once, so that a review
   * coming right after, which writes the record's outbox too, finds it sent; one Kafka refuses is left to the relay.
   */
  private async announce(tenant: string, recommendationId: string, settlement: Settlement): Promise<boolean> {
    if (!settlement.settled) return false;
    if (settlement.announced) {
      const { outbox, stored } = settlement.announced;
      const deferred = await this.outboxes.publish(tenant, recommendationId, outbox, stored);
      if (deferred) {
        this.logger.warn(
          { recommendation_id: recommendationId, error_name: deferred.name },
          'answer recorded; notice deferred to the outbox relay',
        );
      }
    }
    return true;
  }

  /** Keeps a recording for later arrivals of the same answer; a failed one is forgotten, so the next arrival tries again. */
  private remember(key: string, recording: Promise<boolean>): Recording {
    const entry: Recording = { recording };
    this.recordings.set(key, entry);
    recording.catch(() => {
      if (this.recordings.get(key) === entry) this.recordings.delete(key);
    });
    return entry;
  }
}
