import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { BounceTokenRecord } from './bounce-token.schema';

type BounceReport = Omit<BounceTokenRecord, 'received_at'>;

@Injectable()
export class BounceTokenRepository {
  private readonly inserts: GroupInsert<BounceTokenRecord, BounceReport>;

  constructor(@InjectModel(BounceTokenRecord.name) private readonly tokens: Model<BounceTokenRecord>) {
    this.inserts = new GroupInsert(tokens);
  }

  /**
   * Takes the report's token for it: true the first time, and again for the same report (the provider retrying a
   * delivery); false when the token came first with another message id or severity (a signed post replayed altered).
   */
  async takeFor(report: BounceReport): Promise<boolean> {
    if ((await this.inserts.insert(report)).inserted) return true;
    const first = await this.tokens.findOne({ token: report.token }, { _id: 0, message_id: 1, severity: 1 }).lean().exec();
    return first?.message_id === report.message_id && first.severity === report.severity;
  }
}
