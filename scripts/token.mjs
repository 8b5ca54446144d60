// `npm run token -- --role sales_rep --sub rep-17 --tenant acme [--expires 3600]`: a signed development JWT.
import { compiled, parseFlags } from './lib.mjs';

const flags = parseFlags(process.argv.slice(2));
const { signDevelopmentToken } = await compiled('libs/auth/src/index.js');
const { validateEnvironment } = await compiled('libs/config/src/index.js');
const { ROLES } = await compiled('libs/contracts/src/index.js');

const roles = String(flags.role ?? 'crm').split(',');
const unknown = roles.filter((role) => !ROLES.includes(role));
if (unknown.length > 0) {
  process.stderr.write(`unknown role(s): ${unknown.join(', ')}; roles are ${ROLES.join(', ')}\n`);
  process.exit(2);
}
const environment = validateEnvironment(process.env);
process.stdout.write(
  `${signDevelopmentToken(
    { sub: String(flags.sub ?? 'dev-user'), tenant: String(flags.tenant ?? 'acme'), roles },
    {
      secret: environment.JWT_SECRET,
      issuer: environment.JWT_ISSUER,
      audience: environment.JWT_AUDIENCE,
      expiresInSeconds: Number(flags.expires ?? 3600),
    },
  )}\n`,
);
