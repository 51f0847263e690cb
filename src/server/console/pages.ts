// The console's pages beyond the queue and the action page: requester notices as the local platform shows
// them, the weekly digest, and the admin page (agents with the kill switch, reviewers). Pause and resume go
// through the same use case as the API, which checks the admin group again.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DigestService } from '../../digest-service.ts';
import { AirlockError } from '../../governance/errors.ts';
import type { Reviewer } from '../../governance/model.ts';
import type { Governance } from '../../governance/pipeline/index.ts';
import type { Store } from '../../governance/ports.ts';
import type { LocalPlatform } from '../../platforms/local/index.ts';
import { esc, isAdmin, plainError, type Signed, shell } from './html.ts';
import { adminPage, noticesList } from './views.ts';

export interface ConsoleDeps {
  gov: Governance;
  store: Store;
  local?: LocalPlatform | undefined;
  digest?: DigestService | undefined;
}

/** The console's plumbing the pages share (index.ts owns sessions and CSRF). */
export interface ConsoleKit {
  html(reply: FastifyReply, code: number, body: string): FastifyReply;
  who(req: FastifyRequest): Promise<Signed | null>;
  /** For POSTs: the session with a matching CSRF token, or null with a refusal already sent. */
  guard(req: FastifyRequest, reply: FastifyReply): Promise<Signed | null>;
  signInPage(reply: FastifyReply, code: number, error?: string): FastifyReply;
}

type Form = Record<string, string>;

const adminOnly = (r: Reviewer) =>
  `<p class="err" role="alert">The admin page is for reviewers in group admin; ${esc(r.name)} is in ${esc(r.groups.join(', '))}.</p>`;

export function mountConsolePages(scope: FastifyInstance, deps: ConsoleDeps, kit: ConsoleKit): void {
  const { gov } = deps;
  const { html, who, guard, signInPage } = kit;

  scope.get('/console/notices', async (req, reply) => {
    const w = await who(req);
    if (!w) return signInPage(reply, 401);
    const notices = deps.local ? await deps.local.outbox.list({ type: 'notice', limit: 100 }) : [];
    return html(
      reply,
      200,
      shell(
        'Requester notices',
        `<p>What requesters see on the local platform when their agent's action is held, and how it ended (newest first).</p>${noticesList(notices)}`,
        w,
      ),
    );
  });

  scope.get('/console/digest', async (req, reply) => {
    const w = await who(req);
    if (!w) return signInPage(reply, 401);
    if (!deps.digest) return html(reply, 404, shell('Digest', '<p>The digest is not available here.</p>', w));
    // The latest weekly digest (the period the schedule posts), or, on request, the 7 days up to now.
    const recent = (req.query as { period?: string } | undefined)?.period === 'recent';
    const digest = recent
      ? await deps.digest.compute({ since: '7d' })
      : await deps.digest.compute(deps.digest.latestWeeklyPeriod());
    const other = recent
      ? '<p><a href="/console/digest">The latest weekly digest</a> · the last 7 days up to now</p>'
      : '<p>The latest weekly digest · <a href="/console/digest?period=recent">the last 7 days up to now</a></p>';
    return html(reply, 200, shell('Digest', other + deps.digest.render(digest, 'html'), w));
  });

  scope.get('/console/admin', async (req, reply) => {
    const w = await who(req);
    if (!w) return signInPage(reply, 401);
    if (!isAdmin(w.reviewer)) return html(reply, 403, shell('Admin', adminOnly(w.reviewer), w));
    const [agents, reviewers] = await Promise.all([deps.store.agents.list(), deps.store.reviewers.list()]);
    return html(reply, 200, shell('Admin', adminPage(agents, reviewers, w.session.csrf), w));
  });

  /** The kill switch, through the same use case as the API (which checks the admin group again). */
  const pause = (paused: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    const w = await guard(req, reply);
    if (!w) return reply;
    const name = (req.params as { name: string }).name;
    try {
      if (paused) await gov.reviews.pauseAgent(w.reviewer, name, (req.body as Form).reason || null);
      else await gov.reviews.resumeAgent(w.reviewer, name);
    } catch (err) {
      const code = err instanceof AirlockError ? (err.code === 'forbidden' ? 403 : 409) : 500;
      return html(reply, code, shell('Admin', `<p class="err" role="alert">${esc(plainError(err))}</p>`, w));
    }
    return reply.code(303).header('location', '/console/admin').send();
  };
  scope.post('/console/admin/agents/:name/pause', pause(true));
  scope.post('/console/admin/agents/:name/resume', pause(false));
}
