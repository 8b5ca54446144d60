import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { InboundSmsRecord } from './inbound-sms.schema';

@Injectable()
export class InboundSmsRepository {
  private readonly inserts: GroupInsert<InboundSmsRecord, Omit<InboundSmsRecord, 'received_at'>>;

  constructor(@InjectModel(InboundSmsRecord.name) private readonly inbound: Model<InboundSmsRecord>) {
    this.inserts = new GroupInsert(inbound);
  }

  async seen(messageSid: string): Promise<boolean> {
    return (await this.inbound.countDocuments({ message_sid: messageSid }).exec()) > 0;
  }

  /** Records a handled message; false when it was recorded already (a concurrent replay). */
  async record(message: Omit<InboundSmsRecord, 'received_at'>): Promise<boolean> {
    return (await this.inserts.insert(message)).inserted;
  }
}
