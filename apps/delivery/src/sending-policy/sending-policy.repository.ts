import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { DEFAULT_SENDING_POLICY, SendingPolicy } from './sending-policy';
import { SendingPolicyRecord } from './sending-policy.schema';

export type StoredSendingPolicy = SendingPolicy & { updated_by: string | null; updated_at: Date | null };

@Injectable()
export class SendingPolicyRepository {
  constructor(@InjectModel(SendingPolicyRecord.name) private readonly policies: Model<SendingPolicyRecord>) {}

  /** The tenant's policy, or the defaults when it never set one. */
  async forTenant(tenant: string): Promise<StoredSendingPolicy> {
    const stored = await this.policies.findOne({ tenant }).lean<SendingPolicyRecord>().exec();
    if (!stored) return { ...structuredClone(DEFAULT_SENDING_POLICY), updated_by: null, updated_at: null };
    return {
      windows: { ...DEFAULT_SENDING_POLICY.windows, ...stored.windows },
      holidays: stored.holidays,
      frequency_cap_hours: stored.frequency_cap_hours,
      default_time_zone: stored.default_time_zone ?? null,
      updated_by: stored.updated_by,
      updated_at: stored.updated_at,
    };
  }

  async replace(tenant: string, policy: SendingPolicy, updatedBy: string): Promise<void> {
    await this.policies
      .updateOne({ tenant }, { $set: { ...policy, tenant, updated_by: updatedBy } }, { upsert: true })
      .exec();
  }
}
