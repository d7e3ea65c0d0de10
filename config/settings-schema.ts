import { z } from 'zod';

/**
 * Everything OrderDesk reads at start-up. Values come from `config/orderdesk.yaml` (or `--config PATH`),
 * then from the environment (see ENVIRONMENT_KEYS in core/config). Secrets have no place in YAML.
 */
const hostPort = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535),
});

export const settingsSchema = z
  .object({
    timezone: z.string().min(1).default('Asia/Shanghai'),
    redis: z
      .object({
        /** Unset means "no Redis configured": `stack up` then starts its own. */
        url: z.url({ protocol: /^rediss?$/ }).optional(),
        /**
         * Every key and queue of this installation lives under this prefix. In braces ("{orderdesk}") it is
         * a Redis Cluster hash tag: every key in one slot, as BullMQ's and the ledger's scripts need.
         */
        prefix: z.string().regex(/^(?:[a-z0-9:_-]+|\{[a-z0-9:_-]+\})$/i).default('orderdesk'),
      })
      .strict()
      .prefault({}),
    crm: z
      .object({
        /** Which system the bots key into and read receivables from: its page objects in selectors/<target>/. */
        target: z.enum(['acme-suite', 'tryton']).default('acme-suite'),
        url: z.url().optional(),
        /** Systems hosting several databases on one address (Tryton) need to be told which one. */
        database: z.string().min(1).optional(),
        user: z.string().min(1).optional(),
        password: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    browser: z
      .object({
        /** Empty means Debian's /usr/bin/chromium. */
        chromiumPath: z.string().min(1).optional(),
        headless: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    mail: z
      .object({
        imap: hostPort.optional(),
        smtp: hostPort.optional(),
        /** The firm's own domain: approvers, finance, ops and the shared mailbox live here. */
        firmDomain: z.string().min(1).default('acme-finance.example'),
        sharedMailbox: z.email().default('orders@acme-finance.example'),
        sharedMailboxPassword: z.string().min(1).optional(),
        /** Ops' address: alerts such as "keying paused" go here. */
        opsAddress: z.email().default('ops@acme-finance.example'),
      })
      .strict()
      .prefault({}),
    intake: z
      .object({
        /** Sheets are accepted only from these sender domains; other mail goes to Unrecognized. */
        allowedSenderDomains: z.array(z.string().min(1)).min(1).default(['acme-finance.example']),
        /** A sweep catches what a silently dead IDLE missed; the issue asks for at least one a minute. */
        sweepIntervalSeconds: z.coerce.number().int().min(5).max(60).default(30),
        maxAttachmentBytes: z.coerce.number().int().positive().default(10 * 1024 * 1024),
        maxRows: z.coerce.number().int().positive().default(100_000),
        maxUncompressedBytes: z.coerce.number().int().positive().default(200 * 1024 * 1024),
        maxCompressionRatio: z.coerce.number().positive().default(100),
        maxZipEntries: z.coerce.number().int().positive().default(1_000),
        maxAmount: z.string().regex(/^\d+(\.\d{1,2})?$/).default('100000000.00'),
        /** When ops get the day's list of mail that was not an order sheet or an approval reply. */
        unrecognizedDigestSchedule: z.string().min(1).default('0 8 * * *'),
        dropFolder: z.string().min(1).optional(),
        dropFolderSchedule: z.string().min(1).default('* * * * *'),
      })
      .strict()
      .prefault({}),
    /** Screenshots, page HTML and Playwright traces of failed jobs, and other files the bots keep. */
    dataDir: z.string().min(1).default('data'),
    keying: z
      .object({
        /** Orders keyed at once by one keying process: one browser context each. */
        concurrency: z.coerce.number().int().min(1).max(16).default(2),
        /** At most this many orders started per second across all keying workers, to protect the CRM. */
        maxOrdersPerSecond: z.coerce.number().positive().default(5),
        /** After this many system failures in a row the keying queue pauses and ops get one e-mail. */
        pauseAfterConsecutiveFailures: z.coerce.number().int().min(1).default(5),
        /** While paused, a probe checks the CRM's login page this often and resumes the queue. */
        probeIntervalSeconds: z.coerce.number().int().min(1).default(30),
        /** How long one screen may take before it counts as a system fault. */
        screenTimeoutMs: z.coerce.number().int().min(1_000).default(15_000),
        /**
         * How long one keying attempt (all its rounds) may take before it is stopped as stalled and
         * retried. Far above a slow but working attempt; it exists for a browser call that never returns.
         */
        attemptBudgetSeconds: z.coerce.number().int().min(10).default(600),
        /** Record a Playwright trace chunk per order, written to dataDir only when the order's attempt fails. */
        traces: z.stringbool().or(z.boolean()).default(true),
      })
      .strict()
      .prefault({}),
    review: z
      .object({
        /**
         * What review decides on: `crm` reads each order's customer and product from the CRM's screens
         * (the system of record decides, the sheet only claims); `sheet` routes on the sheet's claims
         * alone, for a target without a facts reader and for tests of the approval flow only.
         */
        factsSource: z.enum(['crm', 'sheet']).default('crm'),
        /** Customer and product facts read from the CRM are reused for this long, then read again. */
        factsMaxAgeMinutes: z.coerce.number().min(0).default(15),
        /** How long one CRM screen may take while reading facts before it counts as a system fault. */
        screenTimeoutMs: z.coerce.number().int().min(1_000).default(15_000),
        /** The branch directory (codes, names and aliases, the manager's role); unset: config/branches.yaml. */
        branchesFile: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    dunning: z
      .object({
        /** The policy finance edits: stages, spacing, schedule, sender (see config/dunning.yaml). */
        policyFile: z.string().min(1).default('config/dunning.yaml'),
        /** The dunning mailbox's password (DUNNING_MAILBOX_PASSWORD): letters are sent as it, and it keeps their copies. */
        mailboxPassword: z.string().min(1).optional(),
        /** A run that died holds the run lock this long at most; then the next run may start. */
        runLockSeconds: z.coerce.number().int().min(1).default(1800),
        /** Customers re-read and written to at once during a run: one browser context each. */
        concurrency: z.coerce.number().int().min(1).max(8).default(3),
      })
      .strict()
      .prefault({}),
    approvals: z
      .object({
        /** The routing matrix (ordered rules → auto-approval or a chain of levels); unset: config/approval-rules.yaml. */
        rulesFile: z.string().min(1).optional(),
        /** Who approves per branch and role, with delegates and out-of-office dates; unset: config/approvers.yaml. */
        approversFile: z.string().min(1).optional(),
        /** The words that make a reply's first line a decision, zh and en; unset: config/approval-keywords.yaml. */
        keywordsFile: z.string().min(1).optional(),
        /** The firm's own mail server: only its Authentication-Results header is believed. */
        trustedAuthservId: z.string().min(1).default('mx.acme-finance.example'),
        /** Accept a decision only when that server saw dmarc=pass for the reply's From. */
        requireDmarcPass: z.stringbool().or(z.boolean()).default(true),
        /** A pending approver is reminded after this many working hours (config/calendar.yaml), and again after each as many. */
        reminderAfterWorkingHours: z.coerce.number().positive().default(4),
        /** Reminders per approver and level before the request is escalated to the delegate or next in line. */
        maxReminders: z.coerce.number().int().min(0).default(2),
        /** A level not decided this many working days after its request expires the order. */
        expireAfterWorkingDays: z.coerce.number().int().min(1).default(5),
        /** How often the scheduler looks for reminders, escalations and expiries due (cron, in `timezone`). */
        chaseSchedule: z.string().min(1).default('* * * * *'),
      })
      .strict()
      .prefault({}),
    audit: z
      .object({
        /** The compliance mailbox: the daily anchor (every audit chain's head that moved that day) goes here. */
        complianceAddress: z.email().default('compliance@acme-finance.example'),
        /** When the anchor of the day before is mailed (cron, in `timezone`). */
        anchorSchedule: z.string().min(1).default('15 0 * * *'),
      })
      .strict()
      .prefault({}),
    workers: z
      .object({
        /**
         * A killed worker's job is picked up again once its lock lapses and a stall check sees it.
         * Shorter means faster recovery but more Redis traffic; BullMQ's defaults are 30 s each.
         */
        lockDurationMs: z.coerce.number().int().min(1_000).default(30_000),
        stalledIntervalMs: z.coerce.number().int().min(1_000).default(30_000),
        /** On SIGTERM/SIGINT active jobs get this long to finish; then the process exits and their locks lapse. */
        shutdownGraceMs: z.coerce.number().int().min(0).default(30_000),
      })
      .strict()
      .prefault({}),
    dashboard: z
      .object({
        /** Loopback by default: put it behind the firm's reverse proxy (https) to reach it from elsewhere. */
        host: z.string().min(1).default('127.0.0.1'),
        /** 0 picks a free port (tests, the demo). */
        port: z.coerce.number().int().min(0).max(65535).default(8480),
        /** Users with scrypt-hashed passwords and roles; relative paths are read from the OrderDesk folder. */
        usersFile: z.string().min(1).default('config/dashboard-users.yaml'),
        /** A session unused this long must log in again. */
        sessionIdleMinutes: z.coerce.number().int().min(1).max(24 * 60).default(30),
        /** Signs session cookies. Unset: a random one per process (sessions end on restart; one instance only). */
        sessionSecret: z.string().min(32).optional(),
        /** Behind an https reverse proxy: trust its X-Forwarded-Proto so cookies get the Secure flag. */
        trustProxy: z.stringbool().or(z.boolean()).default(false),
        /** When set, /metrics asks for `Authorization: Bearer <token>`; unset, it is open like /healthz and /readyz. */
        metricsToken: z.string().min(16).optional(),
      })
      .strict()
      .prefault({}),
    opsReport: z
      .object({
        /**
         * When the scheduler makes the managers' daily ops report (cron, in `timezone`). Every day by default:
         * the job itself skips non-working days (config/calendar.yaml), so holidays get no report and
         * make-up working Saturdays get one.
         */
        schedule: z.string().min(1).default('0 8 * * *'),
        /** The managers who get it. */
        recipients: z.array(z.email()).min(1).default(['sales.manager@acme-finance.example']),
        /** SLA: each approval level is answered within this many working hours of its request (config/calendar.yaml). */
        approvalSlaWorkingHours: z.coerce.number().positive().default(8),
        /** SLA: an approved order is keyed into the CRM within this many minutes of its approval. */
        keyingSlaMinutes: z.coerce.number().int().positive().default(30),
        /** Lists in the report (needs attention, SLA breaches) show at most this many orders; the rest are counted. */
        listLimit: z.coerce.number().int().min(1).max(500).default(20),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
