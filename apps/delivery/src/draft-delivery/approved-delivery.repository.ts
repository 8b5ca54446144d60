import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GroupInsert } from '@followup/persistence';
import { ApprovedDeliveryRecord } from './approved-delivery.schema';

export type ApprovedDelivery = Omit<ApprovedDeliveryRecord, 'created_at'>;

@Injectable()
export class ApprovedDeliveryRepository {
  private readonly inserts: GroupInsert<ApprovedDeliveryRecord>;

  constructor(@InjectModel(ApprovedDeliveryRecord.name) private readonly deliveries: Model<ApprovedDeliveryRecord>) {
    this.inserts = new GroupInsert(deliveries);
  }

  /** Keeps the approval once; true when stored now, false when a redelivered event finds it there already. */
  async recordOnce(delivery: ApprovedDelivery): Promise<boolean> {
    return (await this.inserts.insert(delivery)).inserted;
  }

  async findOne(tenant: string, recommendationId: string): Promise<ApprovedDelivery | null> {
    return this.deliveries
      .findOne({ tenant, recommendation_id: recommendationId }, { _id: 0, __v: 0, created_at: 0 })
      .lean<ApprovedDelivery>()
      .exec();
  }
}
