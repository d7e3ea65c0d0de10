import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { OrderLedger } from '../../core/ledger/order-ledger.ts';
import type { Logger } from '../../core/logging/logger.ts';
import { QUEUE_CATALOGUE, type QueueName } from '../queue-catalogue.ts';
import type { OrderDeskQueues } from '../queues.ts';
import { dashboardActor } from './order-actions.ts';
import { can, queueBoardPermission } from './permissions.ts';
import { currentUser } from './request-context.ts';

export const QUEUE_BOARD_PATH = '/queues';

const JOB_CALL = /^\/api\/queues\/([^/]+)\/([^/]+)\/(retry|promote|clean|update-data|delay)$/;
const ALL_QUEUES_CALL = /^\/api\/queues\/(pause|resume)$/;
const QUEUE_CALL = /^\/api\/queues\/([^/]+)\/([a-z-]+)(?:\/([^/]+))?$/;

/** What a bull-board API call did, in the audit trail's words. */
export function describeQueueCall(method: string, path: string): { action: string; queue?: string; jobId?: string; state?: string } {
  const all = ALL_QUEUES_CALL.exec(path);
  if (all) return { action: `dashboard:all-queues-${all[1]}` };
  const job = JOB_CALL.exec(path);
  if (job) return { action: `dashboard:job-${job[3]}`, queue: decodeURIComponent(job[1] ?? ''), jobId: decodeURIComponent(job[2] ?? '') };
  const queue = QUEUE_CALL.exec(path);
  if (queue) {
    const verb = queue[2] === 'retry' || queue[2] === 'clean' ? `${queue[2]}-all` : queue[2];
    return { action: `dashboard:queue-${verb}`, queue: decodeURIComponent(queue[1] ?? ''), ...(queue[3] ? { state: queue[3] } : {}) };
  }
  return { action: `dashboard:queues-${method.toLowerCase()}` };
}

function board(queues: OrderDeskQueues, readOnlyMode: boolean): RequestHandler {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: (Object.keys(QUEUE_CATALOGUE) as QueueName[]).map((name) => new BullMQAdapter(queues.get(name), { readOnlyMode })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'OrderDesk queues', hideDocsLink: true, miscLinks: [{ text: 'Orders', url: '/orders' }] } },
  });
  return adapter.getRouter() as RequestHandler;
}

/**
 * bull-board, mounted as it ships, behind the dashboard's log-in and CSRF check (its UI's axios sends
 * the XSRF-TOKEN cookie back as X-XSRF-TOKEN). Viewers get a read-only board, so its UI hides the
 * buttons; every API call is also checked against the user's role here, so a viewer's or operator's
 * forbidden call gets 403 before bull-board sees it. Each allowed change is audited with the user's
 * name (and the order, when the job carries one) once bull-board has answered.
 */
export function queueBoard(deps: { queues: OrderDeskQueues; ledger: OrderLedger; log: Logger }): RequestHandler {
  const viewerBoard = board(deps.queues, true);
  const operatorBoard = board(deps.queues, false);

  const audit = async (user: string, call: ReturnType<typeof describeQueueCall>, detail: Record<string, unknown>, security = false): Promise<void> => {
    let orderId: string | undefined;
    if (call.queue && call.jobId && call.queue in QUEUE_CATALOGUE) {
      const job = await deps.queues.get(call.queue as QueueName).getJob(call.jobId).catch(() => undefined);
      const data = job?.data as { orderId?: unknown } | undefined;
      if (typeof data?.orderId === 'string') orderId = data.orderId;
    }
    await deps.ledger.audit({ actor: dashboardActor(user), action: call.action, ...(orderId ? { orderId } : {}), detail: { ...detail, queue: call.queue, jobId: call.jobId, state: call.state }, security });
  };

  return async (req: Request, res: Response, next: NextFunction) => {
    const user = currentUser(res);
    const needed = queueBoardPermission(req.method, req.path);
    if (needed === 'read') return (user.role === 'viewer' ? viewerBoard : operatorBoard)(req, res, next);
    const call = describeQueueCall(req.method, req.path);
    if (!can(user.role, needed)) {
      await audit(user.name, { ...call, action: 'dashboard:refused' }, { attempted: call.action, role: user.role }, true).catch((error: unknown) =>
        deps.log.error({ err: (error as Error).message }, 'audit of a refused queue call failed'),
      );
      res.status(403).json({ error: `forbidden: ${user.role} may not ${call.action.replace('dashboard:', '')}` });
      return;
    }
    res.on('finish', () => {
      void audit(user.name, call, { httpStatus: res.statusCode }).catch((error: unknown) =>
        deps.log.error({ err: (error as Error).message, action: call.action, user: user.name }, 'audit of a queue action failed'),
      );
    });
    return operatorBoard(req, res, next);
  };
}
