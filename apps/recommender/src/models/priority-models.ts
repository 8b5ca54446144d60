import { Injectable } from '@nestjs/common';
import { GLOBAL_SCOPE } from './model-snapshot.schema';
import { ModelSnapshotRepository } from './model-snapshot.repository';
import { PRIOR_MODEL, PriorityModel } from './priority-model';

const CACHE_TTL_MS = 60_000;

/** The priority model a tenant's recommendations use: its own active snapshot, else the global one, else the built-in prior. Cached for a minute. */
@Injectable()
export class PriorityModels {
  private readonly cache = new Map<string, { model: Promise<PriorityModel>; expires: number }>();

  constructor(private readonly snapshots: ModelSnapshotRepository) {}

  forTenant(tenant: string): Promise<PriorityModel> {
    const cached = this.cache.get(tenant);
    if (cached && cached.expires > Date.now()) return cached.model;
    const model = this.load(tenant);
    this.cache.set(tenant, { model, expires: Date.now() + CACHE_TTL_MS });
    model.catch(() => this.cache.delete(tenant));
    return model;
  }

  forgetAll(): void {
    this.cache.clear();
  }

  private async load(tenant: string): Promise<PriorityModel> {
    return (await this.snapshots.active(tenant))?.model ?? (await this.snapshots.active(GLOBAL_SCOPE))?.model ?? PRIOR_MODEL;
  }
}
