import { ErrorCode } from '../../core/errors/error-codes.ts';
import express, { type Request, type Response, type Router } from 'express';
import { endOfLocalDay, startOfLocalDay } from '../../core/calendar/index.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { OrderLedger, OrderStatus } from '../../core/ledger/order-ledger.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { OrderDeskQueues } from '../queues.ts';
import { dashboardActor, markResolved, rerunKeying, resendApprovalRequest, AWAITING_APPROVAL, RERUNNABLE, RESOLVABLE } from './order-actions.ts';
import type { OrderArtifacts } from './order-artifacts.ts';
import { can } from './permissions.ts';
import { currentSession, currentUser } from './request-context.ts';
import { orderBody, ordersBody, type OrderFilterForm } from './views/order-views.ts';
import { page, problemPage } from './views/page-layout.ts';

const ORDERS_PER_PAGE = 50;

export interface OrderRouteDeps {
  ledger: OrderLedger;
  queues: OrderDeskQueues;
  log: Logger;
  artifacts: OrderArtifacts;
  timezone: string;
}

/** What a finished action says on the order page; the query names one, never carries text. */
const DONE_MESSAGES: Record<string, string> = {
  'rerun-keying': 'Keying re-run: a new keying job is queued.',
  'resend-approval': 'Approval request queued to be sent again.',
  resolved: 'Order marked resolved.',
};

function text(value: unknown, max = 200): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function filterForm(req: Request): OrderFilterForm {
  const status = text(req.query.status, 40);
  const page = Number.parseInt(text(req.query.page, 6), 10);
  return {
    status: /^[a-z_]+$/.test(status) ? status : '',
    from: text(req.query.from, 10),
    to: text(req.query.to, 10),
    submitter: text(req.query.submitter),
    reference: text(req.query.reference),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** Order search, the order page with its timeline and artifacts, and the order actions. */
export function orderRoutes(deps: OrderRouteDeps): Router {
  const router = express.Router();
  const { ledger, log } = deps;

  router.get('/orders', async (req, res) => {
    const form = filterForm(req);
    const from = form.from ? startOfLocalDay(form.from, deps.timezone) : undefined;
    const to = form.to ? endOfLocalDay(form.to, deps.timezone) : undefined;
    const result = await ledger.searchOrders({
      ...(form.status ? { status: form.status as OrderStatus } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(form.submitter ? { submitter: form.submitter } : {}),
      ...(form.reference ? { reference: form.reference } : {}),
      limit: ORDERS_PER_PAGE,
      offset: (form.page - 1) * ORDERS_PER_PAGE,
    });
    const badDate = (form.from && !from) || (form.to && !to);
    res.type('html').send(
      page({
        title: 'Orders',
        user: currentUser(res),
        csrfToken: currentSession(res).csrfToken,
        body: ordersBody(form, result),
        flash: badDate ? { text: 'Dates are YYYY-MM-DD; the unreadable one was ignored.', error: true } : undefined,
      }),
    );
  });

  const showOrder = async (req: Request, res: Response, status = 200, problem?: string): Promise<void> => {
    const orderId = String(req.params.id);
    const order = await ledger.get(orderId);
    if (!order) {
      res.status(404).type('html').send(problemPage('No such order', `There is no order ${orderId}.`));
      return;
    }
    const user = currentUser(res);
    const mayAct = can(user.role, 'rerun-work');
    const done = DONE_MESSAGES[text(req.query.done, 40)];
    res
      .status(status)
      .type('html')
      .send(
        page({
          title: `Order ${order.externalRef || order.id}`,
          user,
          csrfToken: currentSession(res).csrfToken,
          flash: problem ? { text: problem, error: true } : done ? { text: done } : undefined,
          body: orderBody({
            order,
            trail: await ledger.auditTrail(order.id),
            artifacts: await deps.artifacts.list(order.id),
            csrfToken: currentSession(res).csrfToken,
            actions: {
              rerunKeying: mayAct && RERUNNABLE.includes(order.status),
              resendApproval: mayAct && AWAITING_APPROVAL.includes(order.status),
              resolve: mayAct && RESOLVABLE.includes(order.status),
            },
          }),
        }),
      );
  };

  router.get('/orders/:id', (req, res) => showOrder(req, res));

  router.get('/orders/:id/artifacts/:attempt/:file', async (req, res) => {
    const found = await deps.artifacts.pathOf(String(req.params.id), String(req.params.attempt), String(req.params.file));
    if (!found) {
      res.status(404).type('text').send('no such file\n');
      return;
    }
    // Captured CRM pages are someone else's HTML: never rendered on this origin.
    res.set('Content-Security-Policy', 'sandbox');
    if (found.kind === 'screenshot') {
      res.type('png');
    } else {
      res.attachment(String(req.params.file));
      res.type(found.kind === 'trace' ? 'application/zip' : 'application/octet-stream');
    }
    res.sendFile(found.path);
  });

  /** An order action: operators and admins only; a refusal (wrong status, no note) shows on the order page. */
  const action = (name: string, run: (orderId: string, user: string, note: string) => Promise<unknown>) =>
    router.post(`/orders/:id/${name}`, async (req, res) => {
      const user = currentUser(res);
      const orderId = String(req.params.id);
      if (!can(user.role, 'rerun-work')) {
        await ledger
          .audit({ actor: dashboardActor(user.name), action: 'dashboard:refused', orderId, detail: { attempted: `dashboard:${name}`, role: user.role }, security: true })
          .catch((error: unknown) => log.error({ err: (error as Error).message }, 'audit of a refused order action failed'));
        res.status(403).type('html').send(problemPage('Not allowed', `A ${user.role} may look but not change orders.`));
        return;
      }
      try {
        await run(orderId, user.name, text((req.body as { note?: unknown } | undefined)?.note, 1_000));
      } catch (error) {
        if (error instanceof OrderDeskError && error.business) {
          await showOrder(req, res, error.code === ErrorCode.orderMissing ? 404 : 409, error.message);
          return;
        }
        throw error;
      }
      log.info({ orderId, user: user.name, action: name }, 'order action from the dashboard');
      res.redirect(303, `/orders/${encodeURIComponent(orderId)}?done=${name === 'resolve' ? 'resolved' : name}`);
    });

  const actionDeps = { ledger, queues: deps.queues };
  action('rerun-keying', (orderId, user, note) => rerunKeying(actionDeps, orderId, user, note || undefined));
  action('resend-approval', (orderId, user) => resendApprovalRequest(actionDeps, orderId, user));
  action('resolve', (orderId, user, note) => markResolved(actionDeps, orderId, user, note));

  return router;
}
