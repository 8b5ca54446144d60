import { Injectable } from '@nestjs/common';
import { SCORER_VERSION } from '../engine/priority-score';
import { TEMPLATE_VERSION, writeDraft, writeReasoning } from '../engine/template-drafter';
import { Draft, Drafter, DraftRequest } from './drafter';

/** The built-in engine used without OPENAI_API_KEY; says so in every recommendation's ai_service_version. */
@Injectable()
export class TemplateDrafter implements Drafter {
  readonly engine = 'deterministic' as const;

  async draft({ analysis }: DraftRequest): Promise<Draft> {
    return {
      reasoning_summary: writeReasoning(analysis),
      draft_message: writeDraft(analysis),
      ai_service_version: {
        engine: 'deterministic',
        model: 'none (built-in template engine: OPENAI_API_KEY is not set)',
        prompt_version: TEMPLATE_VERSION,
        scorer_version: SCORER_VERSION,
      },
    };
  }
}
