import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { ScreeningStage } from '@followup/contracts';
import { GroupInsert } from '@followup/persistence';
import { ScreeningRecord } from './screening.schema';

@Injectable()
export class ScreeningRepository {
  private readonly inserts: GroupInsert<ScreeningRecord>;

  constructor(@InjectModel(ScreeningRecord.name) private readonly screenings: Model<ScreeningRecord>) {
    this.inserts = new GroupInsert(screenings);
  }

  /** Always within the event's tenant: another tenant's event naming the id finds nothing. */
  async findOne(tenant: string, recommendationId: string, stage: ScreeningStage): Promise<ScreeningRecord | null> {
    return this.screenings
      .findOne({ tenant, recommendation_id: recommendationId, stage }, { _id: 0, __v: 0 })
      .lean<ScreeningRecord>()
      .exec();
  }

  /**
   * Stores the screening once per recommendation and stage; returns the stored one (the earlier one on a race).
   * An id another tenant's screening holds is refused (the event is dead-lettered), never answered with that one.
   */
  async insertOnce(screening: ScreeningRecord): Promise<ScreeningRecord> {
    if ((await this.inserts.insert(screening)).inserted) return screening;
    const stored = await this.findOne(screening.tenant, screening.recommendation_id, screening.stage);
    if (!stored) throw new Error('recommendation_id belongs to another tenant');
    return stored;
  }
}
