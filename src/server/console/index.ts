// The web console at `/` and `/console`: reviewers sign in with their token, see held actions,
// and decide through the same governance use cases the v1 API calls (exact content hash,
// separation of duties and groups apply alike). Sessions live in memory (see session.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AirlockError } from '../../governance/errors.ts';
import type { Reviewer } from '../../governance/model.ts';
import type { Governance } from '../../governance/pipeline/index.ts';
import { reviewCardFor } from '../../governance/pipeline/cards.ts';
import { CONSOLE_JS, esc, highlight, isAdmin, page, plainError, shell } from './html.ts';
import { type ConsoleDeps, mountConsolePages } from './pages.ts';
import { type Session, Sessions, csrfOk, readCookie } from './session.ts';
import { noticesList, queueTable } from './views.ts';

const COOKIE = 'airlock_console';

export type { ConsoleDeps } from './pages.ts';

type Form = Record<string, string>;

export function mountConsole(app: FastifyInstance, deps: ConsoleDeps): void {
  const sessions = new Sessions();
  const { gov } = deps;

  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 256 * 1024 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    const html = (reply: FastifyReply, code: number, body: string) =>
      reply
        .code(code)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-frame-options', 'DENY')
        .header(
          'content-security-policy',
          "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'",
        )
        .send(body);

    const signInPage = (reply: FastifyReply, code: number, error?: string) =>
      html(
        reply,
        code,
        page(
          'Sign in',
          `${error ? `<p class="err" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/console/signin">
<label for="token">Reviewer token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Sign in</button></form>`,
        ),
      );

    /** The session and its reviewer, or null (the caller shows the sign-in page). */
    const who = async (req: FastifyRequest): Promise<{ session: Session; reviewer: Reviewer } | null> => {
      const session = sessions.get(readCookie(req.headers.cookie, COOKIE));
      if (!session) return null;
      try {
        return { session, reviewer: await gov.reviews.authenticateReviewer(session.token) };
      } catch {
        return null;
      }
    };

    /** For POSTs: a session plus a matching CSRF token, or a refusal already sent. */
    const guard = async (req: FastifyRequest, reply: FastifyReply) => {
      const w = await who(req);
      if (!w) {
        signInPage(reply, 401, 'Please sign in again.');
        return null;
      }
      if (!csrfOk(w.session, (req.body as Form | undefined)?.csrf)) {
        html(
          reply,
          403,
          page(
            'Refused',
            '<p class="err" role="alert">The form was missing its security token (CSRF). Reload the page and try again.</p>',
            true,
            w.session.csrf,
            isAdmin(w.reviewer),
          ),
        );
        return null;
      }
      return w;
    };

    const queue = async (req: FastifyRequest, reply: FastifyReply) => {
      const w = await who(req);
      if (!w) return signInPage(reply, 200);
      const held = await gov.reviews.listActions({ status: 'held', limit: 200 });
      // What each review card shows (request, agent, tally), built as every platform builds its card.
      const cards = [];
      for (const view of held) {
        const action = await deps.store.actions.get(view.id);
        if (action) cards.push(await reviewCardFor(deps.store, action));
      }
      cards.sort((a, b) => a.action.createdAt.getTime() - b.action.createdAt.getTime());
      return html(
        reply,
        200,
        shell(
          'Held actions',
          `<p data-refresh>Signed in as ${esc(w.reviewer.name)}.</p>${queueTable(cards)}`,
          w,
        ),
      );
    };

    scope.get('/console/console.js', async (_req, reply) =>
      reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(CONSOLE_JS),
    );

    scope.get('/', queue);
    scope.get('/console', queue);

    scope.post('/console/signin', async (req, reply) => {
      const token = (req.body as Form | undefined)?.token ?? '';
      try {
        await gov.reviews.authenticateReviewer(token);
      } catch {
        return signInPage(reply, 401, 'That token is not a valid reviewer token.');
      }
      const { id } = sessions.create(token);
      return reply
        .code(303)
        .header('set-cookie', `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800`)
        .header('location', '/console')
        .send();
    });

    scope.post('/console/signout', async (req, reply) => {
      const w = await guard(req, reply);
      if (!w) return reply;
      sessions.delete(readCookie(req.headers.cookie, COOKIE));
      return reply
        .code(303)
        .header('set-cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`)
        .header('location', '/console')
        .send();
    });

    const actionPage = async (
      _req: FastifyRequest,
      reply: FastifyReply,
      w: { session: Session; reviewer: Reviewer },
      id: string,
      notice?: string,
      code = 200,
    ) => {
      let a: Awaited<ReturnType<Governance['reviews']['getAction']>>;
      try {
        a = await gov.reviews.getAction(id);
      } catch (err) {
        return html(
          reply,
          404,
          shell('Not found', `<p class="err" role="alert">${esc(plainError(err))}</p>`, w),
        );
      }
      const spans = a.reasons.flatMap((r) => (r.span ? [r.span] : []));
      const events = (await deps.store.audit.page(0, 100_000)).filter((e) => e.actionId === id);
      const messages = deps.local ? await deps.local.outbox.list({ actionId: id }) : [];
      const stored = await deps.store.actions.get(id);
      const card = stored ? await reviewCardFor(deps.store, stored) : null;
      const notices = messages.filter((m) => m.type === 'notice');
      const tally = card
        ? `${card.tally.length} of ${card.required.count} (group ${esc(card.required.group)})${card.tally.length ? `: ${esc(card.tally.map((t) => t.reviewerName).join(', '))}` : ''}`
        : '';
      const csrf = `<input type="hidden" name="csrf" value="${esc(w.session.csrf)}">`;
      const base = `/console/actions/${esc(a.id)}`;
      const forms =
        a.status === 'held'
          ? `<h2>Decide</h2>
<form method="post" action="${base}/approve">${csrf}<input type="hidden" name="content_hash" value="${esc(a.content_hash)}">
<p>Approves exactly the content with hash <code>${esc(a.content_hash)}</code>.</p><button type="submit">Approve</button></form>
<form method="post" action="${base}/reject">${csrf}<label for="reason">Reason for rejecting</label>
<input id="reason" name="reason" type="text" required><button type="submit">Reject</button></form>
<form method="post" action="${base}/approve">${csrf}<input type="hidden" name="content_hash" value="${esc(a.content_hash)}">
<label for="text">Edited text</label><textarea id="text" name="text" rows="6">${esc(a.text)}</textarea>
<button type="submit">Edit and approve</button></form>
<form method="post" action="${base}/approve">${csrf}<input type="hidden" name="content_hash" value="${esc(a.content_hash)}"><input type="hidden" name="redact" value="1">
<button type="submit">Redact and approve</button></form>
<form method="post" action="${base}/pause">${csrf}<label for="pause-reason">Reason for pausing the agent (admins only)</label>
<input id="pause-reason" name="reason" type="text"><button type="submit">Pause agent</button></form>`
          : '';
      return html(
        reply,
        code,
        shell(
          `Action ${a.id}`,
          `${notice ? `<p class="err" role="alert">${esc(notice)}</p>` : ''}
<dl><dt>Status</dt><dd>${esc(a.status)}</dd><dt>Target</dt><dd>${esc(a.platform)} ${esc(a.channel ?? '')} ${esc(a.thread ?? '')} ${esc(a.recipient ?? '')}</dd>
<dt>Agent</dt><dd>${esc(card?.agent.name ?? '')}${card?.agent.pausedAt ? ' (paused)' : ''}</dd>
<dt>Request</dt><dd>${card?.request ? `<q>${esc(card.request.text)}</q> (${esc(card.request.requester.name ?? card.request.requester.id)}, ${esc(a.request_id)})` : esc(a.request_id ?? 'none recorded')}</dd>
<dt>Approvals</dt><dd>${tally}</dd><dt>Expires</dt><dd>${a.expires_at ? `<time datetime="${esc(a.expires_at)}">${esc(a.expires_at)}</time>` : ''}</dd></dl>
<h2>Text</h2><pre>${highlight(a.text, spans)}</pre>
<h2>Reasons</h2><ul>${a.reasons.map((r) => `<li>${esc(r.category)}: ${esc(r.message)}</li>`).join('')}</ul>
${forms}
<h2>Audit timeline</h2><ol>${events.map((e) => `<li><time>${esc(e.at.toISOString())}</time> ${esc(e.type)} by ${esc(e.actor)}</li>`).join('')}</ol>
<h2>What the requester sees</h2>${noticesList(notices)}
<h2>Local platform</h2><ul>${messages.map((m) => `<li>${esc(m.type)} ${esc(m.channel ?? m.recipient ?? '')}: ${esc(m.text)}</li>`).join('') || '<li>nothing yet</li>'}</ul>`,
          w,
        ),
      );
    };

    scope.get('/console/actions/:id', async (req, reply) => {
      const w = await who(req);
      if (!w) return signInPage(reply, 401);
      return actionPage(req, reply, w, (req.params as { id: string }).id);
    });

    const decide =
      (fn: (r: Reviewer, id: string, f: Form) => Promise<unknown>) =>
      async (req: FastifyRequest, reply: FastifyReply) => {
        const w = await guard(req, reply);
        if (!w) return reply;
        const id = (req.params as { id: string }).id;
        try {
          await fn(w.reviewer, id, req.body as Form);
        } catch (err) {
          return actionPage(req, reply, w, id, plainError(err), err instanceof AirlockError ? 409 : 500);
        }
        return reply
          .code(303)
          .header('location', `/console/actions/${encodeURIComponent(id)}`)
          .send();
      };

    scope.post(
      '/console/actions/:id/approve',
      decide((r, id, f) =>
        gov.reviews.approve(r, id, {
          contentHash: f.content_hash ?? '',
          reason: undefined,
          editedText: f.text || undefined,
          redact: f.redact === '1' ? true : undefined,
        } as Parameters<Governance['reviews']['approve']>[2]),
      ),
    );
    scope.post(
      '/console/actions/:id/pause',
      decide(async (r, id, f) => {
        const stored = await deps.store.actions.get(id);
        if (!stored) throw new AirlockError('not_found', `no action ${id}`);
        return gov.reviews.pauseAgent(r, stored.agentId, f.reason || null);
      }),
    );
    scope.post(
      '/console/actions/:id/reject',
      decide((r, id, f) => gov.reviews.reject(r, id, { reason: f.reason ?? '' })),
    );

    mountConsolePages(scope, deps, { html, who, guard, signInPage });
  });
}
