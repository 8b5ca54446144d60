import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CallTaskRepository } from '../call-tasks/call-task.repository';
import { ChannelAdapter, OutboundMessage, SendResult } from './channel-adapter';

/** The service never dials: a phone call becomes a task for the lead's owner rep, once per attempt. */
@Injectable()
export class PhoneCallAdapter implements ChannelAdapter {
  readonly channel = 'phone_call' as const;

  constructor(private readonly tasks: CallTaskRepository) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    const task = await this.tasks.createOnce({
      task_id: randomUUID(),
      tenant: message.tenant,
      lead_id: message.lead_id,
      recommendation_id: message.recommendation_id,
      owner_rep_id: message.owner_rep_id,
      idempotency_key: message.idempotency_key,
      talking_points: message.body,
      request_id: message.request_id,
    });
    return { status: 'task_created', task_id: task.task_id };
  }
}
