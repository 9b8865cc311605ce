"""Where a call step's time goes (issue 13), stage by stage, in one process.

    .venv/bin/python benchmarks/gen_worlds.py             # writes /tmp/rolesim-bench/*.toml
    .venv/bin/python benchmarks/bench_call_stages.py [--dir /tmp/rolesim-bench] [--repeat 3]

`bench_engine.py` times whole processes (what a user waits for); this splits the same work so
a change can be aimed and checked. Each figure is CPU time (process_time, best of `--repeat`),
in microseconds per call step: `calls.toml` minus `calls-nocalls.toml`, divided by 20,000.

* load: reading the file, TOML, the pydantic models, the nesting check (with the cyclic
  collector off, as `rolesim run` loads: with it on, its passes over the objects piling up
  added about 1 us to the models' figure);
* build: the world from the models (the calls add almost nothing here);
* run cold: every step on a freshly built world (first use compiles policies and fills caches);
* run warm: the same steps again on the same world (caches full): cold - warm is first use;
* report json / report text: `write_report` on a fresh world (running + writing), to memory;
* write json / write text: the writing alone, timed on results made beforehand (on a fresh
  world, one list per writer). "report - run cold" moved by 4 us between two runs of the same
  code, the run's noise landing on the writing; this figure does not carry the run's.

h-io, 2026-12-05 09:10-09:20 (load average 4.5-5), best of 3, two interleaved rounds, main
c949549 (with write_results split out) -> h-io: write json 2.98-3.17 -> 2.96-3.08 us, write
text 3.36-3.79 -> 3.58-3.61 us (within the machine's noise); load 3.54-3.73 -> 3.68-3.70 us
(unchanged: toml ~2.1, models ~1.35, depth 0.08). Instruction counts say it steadily
(valgrind --tool=callgrind, the first 5,000 calls of calls.toml, PYTHONHASHSEED=0, results
made first and written apart): writing json 21.4k -> 18.9k instructions per step (-12%),
text 20.0k -> 18.7k (-7%). Escaping the per-call JSON lines with orjson took json to 17.7k
(whole process 129.0k -> 124.6k per call step); dropped while merging: about 1% of a call
step is not worth a second dependency and two escaping paths. Of the JSON writing left: ~3k
a denial's nearest miss (worded
lazily, when the report reads `reason`: evaluator._near_miss_in), ~2k wording the ~7-10% of
calls whose deciding statement is met for the first time, ~11k the rest (one entry of ~400
characters per call). Writing budgets (2 / 1.5 us) not met.

h-core, 2026-12-05 11:10-12:40 (load average 2-3.5): the run's own work. Instruction counts
(valgrind --tool=callgrind, PYTHONHASHSEED=0, ASLR off, the first 5,000 calls of calls.toml
in process; +-0.5k between identical runs), main e9cefe4 -> h-core: run cold 72.8-73.1k ->
70.3k instructions per call step (-3.7%), run warm 44.2-44.5k -> 41.4k (-6.6%); the whole
process minus the same cut without calls: run --json 118.8k -> 115.3k, transcript 122.2k ->
119.1k. Timed (best of 3, two interleaved rounds, a busy host): run cold 10.97-11.00 ->
10.41-10.67 us, first use 3.12-3.48 -> 2.62-2.75 us. What moved: resource facts kept per
caller account (an S3 ARN names none: they were recomputed at each switch of account), a
request only identity policies concern decided without the general path's lists, a frame
less per call (call_outcome makes the request's parts; run_step makes the StepResult), a
statement's refs/allowed-by tables and a policy's per-service pools made when first needed,
a denial's message tail kept per (outcome, blocked by, action), and its nearest miss read
from the caller's plan. Measured and not done: compiling a statement's Resource and
Condition only when a request reaches it (5,724 of the 5,970 statements compiled here are
reached, so it cannot pay on this file); the context dict made only when a statement reads
it (about a quarter of the plans read none: ~0.04 us a step). A statement still costs
~2.6 us to compile with its parts already shared (content-keyed lookups: tuple hashing,
ConditionClause's Python __hash__/__eq__). "run cold" and "run warm" include the collection
run_steps' exit starts when it gives the threshold back (6-7% here; `rolesim run` freezes
instead). Budget (run cold <= 6 us) not met.

h-load, 2026-12-05 11:15-12:40 (load average 2-4), best of 5, two interleaved rounds, main
e9cefe4 -> h-load: toml 1.88-2.10 -> 1.71-1.75 us (read_toml alone, best of 7: 52-55 -> 39-42
ms for the file); models 1.22-1.31 -> 1.12-1.18 (same code: noise); write json 2.30-2.41 ->
2.62-2.88 and text 3.15-3.53 -> 2.84-2.98 (noise: writing repeated on warm results gives json
1.34-1.46 for both; callgrind, per step: json 19.3k -> 19.2k, text 18.6k -> 18.4k). What moved
is memory, which these in-process figures barely see (each stage reuses the pages of the round
before; bench_engine prints the page faults): the TOML read in parts of 128 K characters (rtoml's
own tree of one part at a time), the file read into one buffer, the report held as the pieces
it is written in (a call's verdict and Why lines shared). Tried and dropped: a Python fast path
for plain call steps (1.5 us per step, 2.8 with a context, against pydantic-core's 1.2);
validating the steps part by part to drop their TOML dicts sooner (the same faults in the whole
run: the later stages reused that memory anyway); the transcript's pieces cut finer (joining
ASCII pieces into text with a '\u25b6' widens each: 1.1k instructions more per step).
Budgets (load 2 us, writing 1.5 us) not met.

h-io5, 2026-12-05 13:25-14:10 (load average 5-6), main e858ebd -> h-io5. The writing is timed
into a binary buffer, as `rolesim run` now writes to a UTF-8 stdout (main's code through a
UTF-8 text stream over one, as its stdout is). Callgrind on the writing alone (first 5,000
calls, PYTHONHASHSEED=0, ASLR off, results made first): text 23.1k -> 17.7k instructions per
call step, json 21.0k -> 19.6k. Timed, best of 3, two interleaved rounds: write text
2.86/2.91 -> 2.56/2.63 us, json 2.46/2.42 -> 2.48/2.34 (noise). What moved: the transcript
made as UTF-8 bytes (no piece widened to UCS-2 by a '\u25b6', nothing encoded on the way
out), a call's own lines one piece, a JSON entry's clock and verdict one shared piece, the
head's clock text looked up by instant (format_time's lru_cache made a key tuple per call).
Timed figures above are from before that last step.
Measured and not done: the JSON report as bytes (ASCII already, which stdout copies as it
is; str(index).encode() costs what joining bytes saves); a call's whole JSON head as one
piece (-0.6k instructions, +730 page faults); pytomlpp (toml++) reads the steps 2.4x slower
than rtoml; a Python line reader of plain step tables, 0.76 against rtoml's 1.10 us per step
before any of TOML's checks (not worth a second TOML reader); the file read in 64 KB pieces
decoded one by one (+1,700 faults); os.writev of the held pieces instead of a join per chunk
(-110 faults of 9,800); the JSON clock-and-verdict table keyed by clock, then by verdict,
instead of a tuple made per call (-54 instructions). Of the TOML stage, about 0.1 us per
call step is the date-time search over the whole text (_DATE_TIME: 3-5.6 ms for calls.toml,
16 ms for big.toml); no faster exact test found.

h-first, 2026-12-05 13:25-14:40 (load average 2-6): first use and the warm run. Instruction
counts (callgrind, PYTHONHASHSEED=0, ASLR off, the first 5,000 calls of calls.toml in
process, minus the same cut without calls), main e858ebd -> h-first: run cold 66.1k -> 55.8k
instructions per call step (-16%), run warm 40.6k -> 42.5k (see below), first use 25.5k ->
13.3k; whole `rolesim run` (the same cuts): transcript 119.5k -> 110.0k, --json 116.4k ->
107.1k; minor faults the 20,000 calls add 10.3k -> 9.8k (transcript), 9.9k -> 9.4k (--json).
Timed, best of 5, two interleaved rounds: run cold 8.21/7.74 -> 7.42/6.65 us, warm 5.29/5.24
-> 5.53/5.21, first use 2.92/2.50 -> 1.90/1.44. Where first use went (counted, not guessed):
a policy's per-action cache, filled once per policy and action and never read again when one
principal attaches the policy (most of them): now filled only once a second caller's plans
read it (CallerPolicies.reader); the per-service pools made in the compiling pass, in
statement order, without a sort; compiling a statement 11.5k -> 10.4k instructions (a
Condition block's shared form found by its clauses' fields, not their Python __hash__ and
__eq__; compile_any of one pattern is compile_glob's matcher); a StatementRef through its
slots. The warm run moved both ways: it is a second simulator over the same world, whose plans
used to read the caches the first run filled and now match the pools again (+4.3k), while
the denials of identity-only requests no longer make an AuthzRequest (-1.6k) and the
decisions read enum members as module constants (-0.3k). Not done: compiling statements
lazily (h-core found 5,724 of 5,970 statements reached); a plan cache shared across
simulators (it would only help this benchmark's warm run); estimated only, too small for
their code: a plan per (caller, service) merged across the policies (~0.2 us per call step
at best), a CompiledStatement with fewer slots (~0.1k instructions per call step).
Merged with main c587d66 (h-io5's writing) and against it: whole `rolesim run` callgrind,
transcript 114.6k -> 104.5k and --json 115.4k -> 105.5k instructions per call step;
bench_engine, best of 5, two interleaved rounds (load average 2-3): run --json 14.0/13.7 ->
11.9/11.9 us per call step, transcript 14.0/13.8 -> 12.0/12.1 us (targets 15 and 10); minor
faults the calls add 9.66k -> 9.15k (--json), 9.85k -> 9.35k (transcript).

h-run6, 2026-12-05 16:15-17:45 (load average 6-14): the run's per-step work. Where the warm
run's instructions go (callgrind, PYTHONHASHSEED=0, ASLR off, the first 5,000 calls in
process): "run warm" is a second simulator, so it still makes every caller's plans (1,377
for these calls; 3,676 for the whole file, ~0.7 us per call step), its sessions' facts
(~20 us a sign-in) and resource facts; one simulator run again with all of those made costs
30.8k instructions per call step against the warm run's 43.6k (544 bytecodes per call step:
run_step 97, call_outcome 117, decide_call 112, _collect 108, new_decision 31; counted with
sys.settrace opcode events). Main 2a46554 -> h-run6: run cold 68.6k -> 64.7k instructions per
call step, run warm 43.6k -> 39.6k, first use 25.1k -> 25.2k; bytecodes per call step of a
cold run 888 -> 825; whole `rolesim run` transcript (cut minus the cut without calls) 105.1k
-> 101.6k; minor faults the 20,000 calls add unchanged (9,342 -> 9,343). What moved: a
caller's plans made from its pool per service (its policies' pools joined once, each
(policy, statement) entry shared by the plans of the service's actions), Action lists of
whole services (the generated NotAction ['s3:*', 'iam:*'] in every pool) matched once per
pool, the last session's facts found without a lookup by id, _collect's loop over
(Denys, Allows) without pairs made per request. Measured and dropped: a call's context
merged once per session and resource-context shape (the dict merges saved 0.7k, the
look-ups cost as much); the resource named by the string first called, so the statements'
caches find it by identity (-17 instructions); operator.methodcaller for prefix matchers
(slower than the lambda); the collector during the steps (no collection happens there now).

h-load6, 2026-12-05 16:15-17:50 (load average 4-11), main 2a46554 -> h-load6: plain call
steps made straight from the text (rolesim.scenario.plain_steps; the new "plain" stage, the
rest of the text then read by "toml" and "models" as before). Callgrind (PYTHONHASHSEED=0,
ASLR off, the first 5,000 calls minus the same cut without calls): loading 33.6k -> 27.2k
instructions per call step (rtoml 19k and pydantic 12k per plain step before; now a regular
expression ~9k, the CallStep made through its slots, and a marker table per run); whole
`rolesim run` transcript 105.2k -> 98.8k, --json 105.6k -> 99.6k; minor faults unchanged
(the TOML tree's pages were already reused). Timed in process (plain + toml + models + depth,
best of 7, two interleaved rounds, load average ~10): 2.86/2.81 -> 2.39/2.36 us per call
step. Tried and dropped: the tables cut by `str.split`
and read line by line in Python (38.8k: the Python per line costs more than rtoml), a regular
expression taking any key order, comments and spaces (~14k for it alone), the action and
resource found by `str.find` (36.2k: `find`'s argument parsing and `isprintable` per
character cost more than the expression); the write stage's pieces were looked at, not
changed (warm writing is 12.3k instructions per call; first wording of a Why block ~6k).

h-load (session 7), 2026-12-05 19:10-20:55, main 1872bc1 -> h-load. Callgrind as above, whole
`rolesim run` transcript: 95.5k -> 90.1k instructions per call step. Of those, `plain_steps.cut`
was ~21k (the table expression ~8k, each step's objects ~7k, and for a table with a context
~33k more: the inline table's two expressions, per call); each distinct context, expect and
note text is now read once (`_Shape`) and its steps made by copying its fields (~16k). First
use of policies is ~10k per call step of this workload (250 policies of 10 statements compiled
for 5,000 calls: ~13k per statement with its parts already compiled, ~7k more for the new
parts), spread over many small steps, none dominant. Measured and dropped: a cheaper
character class in the table expression (`[^"]*` saves ~1.8k, but checking the values for
backslashes and control characters afterwards, `isprintable`, costs ~1.7k); a positive class
(-0.7k, not worth a harder pattern); an atomic or possessive tail (no gain); the step made
inline in `cut` rather than by `_Shape.step` (0.3k, 0.35%); a fields set or an empty context
shared by all steps (216 and 64 bytes a step, but a step's set is changed by pydantic's
`__setattr__`, which the world editor's renames call).

h-speed2 (session 7), 2026-12-05 20:33-21:20, main 01cb4be (transcript 89.6k instructions per
call step by the cut above). First use measured alone (callgrind of `CompiledPolicy` over the
first 250 policies of calls.toml, unpickled, no world): 22.6k instructions per statement with
its parts new to the tables, 15.6k once they are compiled; of the 15.6k, the bytecode ~4.1k, the
cyclic collector traversing the new objects ~3.5k, the part tables' tuple keys hashed and
compared (equal lists, different objects) ~1.3k. Measured and dropped: the statement made by a
function through `object.__new__` instead of the class call (the trick `new_decision` uses):
-225 per statement, -24 per call step in the transcript (within nothing). Not tried, by
estimate: the Action/Resource lists shared at parse time so the tables compare by identity
(~1.3k for each of the 2,320 statements compiled, but one more look-up for each of the 10,020
parsed, a loss for the whole run); the shared parts kept as two tuples instead of 10 slots (a
slotted object with the two parts unpacked into 10 slots vs stored as 2: 3,432 vs 2,884
instructions, so ~550 per statement, ~250 per call step, 0.3%, before the extra subscript per
statement per request in `_collect`, the hot loop, which reads three of those slots).

h-memo (session 8), 2026-12-05 22:05-22:40 (load average 5-10), main f0b725e: transcript 89.2k
instructions per call step by the cut above (2,332.8M - 1,886.8M). Measured and dropped: answers
reused for a call repeated with the same caller, policies, principal and time keys, no context
and no world change in between (a table per caller and instant in the simulator, filled and read
in `call_outcome`, emptied by `_world_changed`; same bytes out). 421 of the cut's 5,000 calls
were answered from it (458 repeat a call the same user made, 37 with a context), yet the whole
process went 89.2k -> 89.7k per call step; on all of calls.toml (2,991 of 20,000 answered)
3,502.7M -> 3,520.9M instructions (+0.9k per call step); the steps alone in process with the
collector off, -0.86k. A repeated call is cheap already: its caller's plan, the compiled
statements and the resource's facts were made by its first. Timed in process (wall clock, busy
host), a repeated step costs ~3.4 us, a call met for the first time 21-28 us; `decide_call`'s
cumulative time did not move with 421 fewer calls. So what a hit saves (`_collect`, the
decision, the context merge, ~1.5-2 us) is small, and the answers kept alive (each decision
holds its context dict) cost more: the collector's own functions went from ~21M to ~47M
instructions on calls.toml. bench_engine (--repeat 5, two interleaved rounds, load average 6-8):
peak 87 -> 98 MB, minor faults the calls add 9,030 -> 11,775 (transcript), times within the
host's noise (9.5/13.6 -> 13.4/11.7 us per call step). Also measured: the call steps dropped
from the scenario's list once run (freed as the report goes instead of at exit): 89.15k ->
88.97k (noise), minor faults unchanged (18,080 -> 18,083 for calls.toml). Freeing the 5,000
steps at exit costs ~1.6k instructions per call step (a run ending in `os._exit` after flushing:
89.15k -> 87.57k; not done: it skips atexit handlers and coverage's data; the steps' own size is
what would shrink it).

h-shape (session 8), 2026-12-05 22:05-23:30 (load average 4-7), main f0b725e. Callgrind, whole
`rolesim run` transcript, cut5k minus cut5k-nocalls, each tree copied and compiled alike:
89.65k -> 88.60k instructions per call step: the plain table's action and resource matched by
a positive ASCII class (sre leaves a positive class at the first range that holds the
character; the negated class tested every part): the table expression 6.75k -> 5.60k per
table. Measured and dropped: TOML's exact `basic-unescaped` set as a positive class (5.93k per
table, but its ranges past U+00FF are expanded code point by code point when compiled: +250M
instructions, +50k per call step of this file); steps that share action or resource text
sharing one string object (a dict's setdefault per step in `cut`: +0.6k per call step, the
look-ups cost more than the identity compares save later); `Match.span()` instead of
`start()` and `end()` (within the +-0.1k noise). Where the rest goes, counted (callgrind of
the part alone): `plain_steps.cut` ~17.1k per step, of which the expression ~5.6k and
`_Shape.step` ~5.6k (its four slot setters through method-wrappers, each with an argument
tuple, ~1.5k; the object, its fields dict, fields set and context dict); a CompiledStatement
~7.6k with its parts cached (~3k of it its 120 bytecodes), its policy's pools ~2.7k more per
statement, ~5k per call step here (2,500 statements for 5,000 calls); warm writing of the
transcript ~12.1k per call. The cyclic collector costs no call step of `rolesim run` (the
same 35.9M in gc_collect_main with and without the calls; speed2's ~3.5k per statement was
outside `run_steps`' raised threshold). Not done, by count: one look-up of the action and
resource parts together (973 distinct pairs for the 2,420 statements of the first 250
policies, against 113 and 385 apart: misses would cost what hits save); sharing whole
CompiledStatements between equal statements of different policies (7,647 distinct of 10,020,
same index and Sid required by their labels). Start-up: `rolesim run` of a lesson is ~1.19G
instructions (python itself 88M, pydantic's import ~180M, the 35 step models' classes most of
the rest: `import rolesim.scenario.steps` 883M); the list fields' `default_factory=list` cost
~23M of it (pydantic parses `list`'s text signature with inspect; the first time compiles
tokenize's expressions): 1,190.8M -> 1,168.1M with `spec_base.empty_list`. No other start-up
growth since 1872bc1: a lesson 1,191M -> 1,185M, cut5k-nocalls 1,880.9M -> 1,885.6M (+0.25%).
bench_engine, two rounds interleaved with main (load average 5-7, wall 5-10x CPU, so noisy):
transcript 15.1/13.5 -> 12.8/11.9 us per call step, --json 14.7/13.7 -> 13.7/11.3 us.

sread (session 9), 2026-12-06 01:20-02:40 (load average 6-12), main cc88566. Plain call steps
run as read: `rolesim run` loads its file `to_run`, each plain table kept as the
`plain_steps.PlainCall` it was read as (action, resource, the Shape it shares), run at once and
written from it; its result (`PlainCallResult`) makes the CallStep only when read (`--trace`).
Callgrind, whole `rolesim run` transcript, cut5k minus cut5k-nocalls: 88.5k -> 79.6k
instructions per call step (-10.1%: the CallStep made, ~5.6k, and freed at exit, ~1.6k, and the
nesting walk of the steps); with `expect = "allowed"` on every call (judged on the PlainCall
too) 95.3k -> 85.6k; minor faults calls.toml 20,305 -> 17,295, peak 90 -> 78 MB. Measured and
not done: the CallSteps made by the runner when reached and dropped after (88.5k -> 88.8k: the
same making and freeing, later; only the faults went, -3,000); a loop over a run of plain calls
inside run_steps (no run_step frame, the stack tuple shared by the run): 79.6k -> 78.3k (-1.7%:
below the bar, and a second copy of the call path). bench_engine, two rounds interleaved with
main (load average 6-12, the second round beside a test run: only the first compares):
transcript 14.3/15.5 -> 12.2/15.9 us per call step, --json 15.0/13.6 -> 10.4/13.0 us; the calls'
minor faults 9,044 -> 6,068 (transcript), 8,827 -> 5,848 (--json); peak 88 -> 76 MB.

sdecide (session 9), 2026-12-06 01:30-02:30 (load average 5-11), main cc88566: where the
core's share of a call step goes, counted. Callgrind (PYTHONHASHSEED=0, setarch -R) of the
steps run in process on cut5k (loaded as `rolesim run` loads, under `loading_to_keep`), minus
the same on cut5k-nocalls, per call step: cold run 50.1k instructions (the "runner, simulator,
evaluator, Why text ~50k" above); the same steps again on the same simulator 27.0k; again on a
new simulator over the same world 37.7k. So first use is ~23k, not ~5k: compiling policies
~7.8k (CompiledStatement ~5.7k of it, including new Resource parts ~1.8k and new Action
parts ~0.6k: ~7k a statement with its parts cached; a policy's pools ~0.9k), identity
pools and plans ~6.4k (460 pools, 1,377 plans: ~2.8k and ~3.6k),
resource facts ~2.4k (417 resources; `account_of_resource` ~1k of it), session facts ~2.1k
(46 callers; `caller_policies` ~1.1k), importing the evaluator at the first call ~1.1k (a fixed
5.5M, 0.3k on calls.toml), statements' resource and condition caches ~1.9k. The steady 27k:
run_step and the loop ~7.7k, call_outcome's own ~6.0k, decide_call's own ~9.1k, _collect ~4.2k.
(Counted by wrapping one function at a time in `functools.reduce(lambda *_: f(...), (0,), None)`
and running callgrind with `--collect-atstart=no --toggle-collect=functools_reduce`: only the
wrapped call's instructions are counted; the wrapper itself costs ~3k per call, taken off
above.) On calls.toml first use weighs less per call step (5,970 statements and 3,676 plans
for 20,000 calls, against 2,320 and 1,377 for 5,000). Measured and dropped: plans made policy
by policy without the per-service pools (`_pooled_split` only): cold run +3.7k per call step
(2,139.6M -> 2,158.3M); compiling a statement's Resource and Condition only when `_collect`
first tries it: 1,081 of the 2,320 statements compiled here are ever tried (2,992 of 5,970 on
calls.toml), but the upper bound, with the untried statements' Resource and Condition skipped
outright (known from a first run), is -1.4k per call step (2,168.3M -> 2,161.5M, both runs
with the same patched constructors; 1.6% of a whole call step), before any mechanism
making it lazy (a `__getattr__` on CompiledStatement would
deoptimise every slot read of `_collect`'s loop). Plans made only on an action's second call:
214 of the 1,377 (user, action) pairs are called once, too few to pay.

sfirst (session 9), 2026-12-06 02:20-03:05 (load average 7-9), main 72e7c78. Callgrind, whole
`rolesim run` transcript, cut5k minus cut5k-nocalls: 79.5k -> 78.5k instructions per call step
(-1.3%): a request's resource facts look its listed entry up once (`World.resource_owner`, for
what `account_of_resource` and then `resource_entry` each walked) and read an unlisted ARN's
account field without making and caching an `Arn` (`arn.account_field`). Counted and not
done: (1) in process on cut5k (perf_counter around each function, so only a split): the
"pools" time is mostly the first compile of each policy, made inside `_merged_pool` (240
CompiledPolicy, ~33 us each under load, of ~23 us per pool with it); the pools' own work ~5 us,
a plan's ~2.4 us: together under 2% of the run. Every one of the 2,320 statements compiled
lies in a service pool some request reads, so compiling pool by pool on demand saves nothing
here. (2) `caller_policies` ~35 us per caller (46 callers: under 1% of the run), an
AttachedPolicy ~2.5 us to make: halving it would not reach the bar. (3) importing
`rolesim.core.requests` is 128M instructions (python -c, minus its imports); ~100M of it is
dataclasses `exec`-ing each class's generated methods (parser 69M, compiler 33M); `slots=True`
is only 4M of it (124M without). Only hand-written or shared generic methods would avoid it,
which changes each class's generated signature and error messages: not done.
bench_engine (--repeat 5, two rounds interleaved with main f458770, load average 7-9): transcript
12.3/9.9 -> 9.2/11.2 us per call step, --json 12.5/10.6 -> 11.5/11.1 us (within the noise).
"""

from __future__ import annotations

import argparse
import gc
import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rolesim.scenario.build import build_world
from rolesim.scenario.load import read_toml
from rolesim.scenario.model import Scenario, SourceInfo
from rolesim.scenario.nesting import check_model_depth
from rolesim.scenario.read_input import read_scenario_text
from rolesim.scenario.runner import run_steps
from rolesim.scenario.stream import write_report, write_results

CALLS = 20_000


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    value = work()
    return time.process_time() - start, value


def timed_load(path: Path, out: dict[str, float]) -> Scenario:
    """Read `path` as `rolesim` loads it (the cyclic collector off, as in
    rolesim.scenario.bulk.loading_to_keep), each stage's seconds put in `out`; the collector
    left as it was. bench_big_world.py times its loading with this too.

    "plain" is the plain call steps made from the text (rolesim.scenario.plain_steps; 0 for
    an older rolesim run with `--source`-style PYTHONPATH), "toml" the reading of the rest,
    "models" pydantic's models of the rest with the plain steps put in their places."""
    gc.collect()  # the last round's garbage freed first, whatever the collector's timing
    out["read"], text = timed(lambda: read_scenario_text(path))
    enabled = gc.isenabled()
    gc.disable()
    out["plain"], found = timed(lambda: _plain_cut(text))
    rest, runs = found if found is not None else (text, None)
    out["toml"], data = timed(lambda: read_toml(rest))
    out["models"], scenario = timed(lambda: _models(data, runs))
    out["depth"], _ = timed(lambda: check_model_depth(scenario, data, str(path), text))
    if enabled:
        gc.enable()
    scenario.source = SourceInfo(str(path), text)
    return scenario


def _plain_cut(text: str) -> Any:
    try:
        from rolesim.scenario import plain_steps
    except ImportError:  # a rolesim from before plain steps
        return None
    return plain_steps.cut(text)


def _models(data: dict[str, Any], runs: Any) -> Scenario:
    """The models, as `rolesim run` loads them when there are plain steps (load's
    `_with_plain_steps` with `to_run`: the plain call steps kept as PlainCalls)."""
    if runs is None:
        return Scenario.model_validate(data)
    from rolesim.scenario import plain_steps

    spliced = plain_steps.splice(data.get("steps"), runs)
    assert spliced is not None, "the markers must be read back"
    data["steps"], merged = spliced
    scenario = Scenario.model_validate(data)
    scenario.__dict__["steps"] = plain_steps.fill(merged, scenario.steps)
    return scenario


def stages(path: Path) -> dict[str, float]:
    """Seconds per stage for one file."""
    out: dict[str, float] = {}
    scenario = timed_load(path, out)
    out["build"], world = timed(lambda: build_world(scenario))
    out["run cold"], _ = timed(lambda: sum(1 for _ in run_steps(scenario, world)))
    out["run warm"], _ = timed(lambda: sum(1 for _ in run_steps(scenario, world)))
    for name, as_json in (("report json", True), ("report text", False)):
        fresh = build_world(scenario)
        out[name], _ = timed(lambda j=as_json, w=fresh: write_report(  # type: ignore[misc]
            scenario, _sink(), j, False, w))
    for name, as_json in (("write json", True), ("write text", False)):
        out[name] = _writing(scenario, as_json)
    return out


def _writing(scenario: Scenario, as_json: bool) -> float:
    """Seconds to write the report of results made beforehand on a fresh world (each writer
    gets its own, so neither finds the other's Why lines worded)."""
    results = list(run_steps(scenario, build_world(scenario)))
    gc.collect()  # the run's garbage is not the writer's
    seconds, _ = timed(lambda: write_results(results, scenario.title, _sink(), as_json))
    return seconds


def _sink() -> Any:
    """Where the report goes, as `rolesim run` writes it to a UTF-8 stdout: its binary buffer
    (stream.utf8_sink), or for a rolesim without it (`--source`-style runs of an older
    commit, PYTHONPATH=DIR) a UTF-8 text stream over one, as stdout is."""
    from rolesim.scenario import stream

    raw = io.BytesIO()
    return raw if hasattr(stream, "utf8_sink") else io.TextIOWrapper(raw, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/rolesim-bench"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        with_calls = stages(args.dir / "calls.toml")
        without = stages(args.dir / "calls-nocalls.toml")
        for key, value in with_calls.items():
            per_call = (value - without[key]) / CALLS * 1e6
            best[key] = min(best.get(key, per_call), per_call)
    for key, value in best.items():
        print(f"{key:12s} {value:6.2f} us per call step")
    load = sum(best[k] for k in ("read", "plain", "toml", "depth", "models"))
    print(f"{'load total':12s} {load:6.2f} us per call step")
    print(f"{'first use':12s} {best['run cold'] - best['run warm']:6.2f} us per call step "
          "(run cold - run warm)")


if __name__ == "__main__":
    main()
