import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@followup/persistence';
import { InboundSmsRecord } from './inbound-sms.schema';

@Injectable()
export class InboundSmsRepository {
  constructor(@InjectModel(InboundSmsRecord.name) private readonly inbound: Model<InboundSmsRecord>) {}

  async seen(messageSid: string): Promise<boolean> {
    return (await this.inbound.countDocuments({ message_sid: messageSid }).exec()) > 0;
  }

  /** Records a handled message; false when it was recorded already (a concurrent replay). */
  async record(message: Omit<InboundSmsRecord, 'received_at'>): Promise<boolean> {
    try {
      await this.inbound.create(message);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
