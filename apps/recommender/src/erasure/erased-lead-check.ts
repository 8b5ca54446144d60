import { Injectable } from '@nestjs/common';
import { ErasedLeadsView } from '@followup/messaging';
import { RecommenderErasureRepository } from './recommender-erasure.repository';

/**
 * What the recommender writes of a lead whose erasure came while the work was in flight (a request being drafted, a
 * rejection being re-analysed): it writes first, then asks, so that an erasure whose first pass came before the write
 * is seen here, and one that comes after it finds the write (see EraseLeadUseCase's second pass).
 */
@Injectable()
export class ErasedLeadCheck {
  constructor(
    private readonly erasedLeads: ErasedLeadsView,
    private readonly erasure: RecommenderErasureRepository,
  ) {}

  isErased(tenant: string, leadId: string): Promise<boolean> {
    return this.erasedLeads.has(tenant, leadId);
  }

  /** After a write of the lead's texts: whether the lead was erased, in which case what was written is erased now. */
  async erasedAfterWrite(tenant: string, leadId: string): Promise<boolean> {
    if (!(await this.isErased(tenant, leadId))) return false;
    await this.erasure.erase(tenant, leadId);
    return true;
  }
}
