import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AccessDeniedError, CurrentPrincipal, type Principal, Roles } from '@dxhub/auth';
import { agencySource, checkEventId } from '@dxhub/contracts';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { AddDependencyDto } from './dto/add-dependency.dto';
import { CompleteContributionDto } from './dto/complete-contribution.dto';
import { CreateProgrammeNodeDto } from './dto/create-programme-node.dto';
import { CreateTaskDto } from './dto/create-task.dto';
import { ExtendDeadlineDto } from './dto/extend-deadline.dto';
import { ReportProgressDto } from './dto/report-progress.dto';
import { TaskListQueryDto } from './dto/task-list-query.dto';
import { TransitionDto } from './dto/transition.dto';
import { UpdateProgrammeNodeDto } from './dto/update-programme-node.dto';
import { UpdateTaskDto } from './dto/update-task.dto';
import type { TaskGraph } from '../graph/dependency-graph';
import { Clock } from '@dxhub/calendar';
import { actorOf } from './actor';
import { ProgrammeQueryService } from './programme-query.service';
import { ProgrammeService } from './programme.service';
import { TaskDeadlineService } from './task-deadline.service';
import { TaskDependenciesService } from './task-dependencies.service';
import { type ProgressOutcome, TaskProgressService } from './task-progress.service';
import type { ProgrammeTreeNode, TaskDetail, TaskHistoryView, TaskView } from './task-views';
import { TaskWorkflowService } from './task-workflow.service';
import { taskConflict, TaskErrorCode, taskInvalid } from './tasks.exception';

const FORBIDDEN =
  'A named access rule denies it (`role-required`, `workflow-step-allowed-for-role`, `task-step-by-lead-agency`, `approver-approves-own`, `contribution-by-coordinating-agency`); the body names the rule.';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@Controller('v1')
export class TasksController {
  constructor(
    private readonly queries: ProgrammeQueryService,
    private readonly programmes: ProgrammeService,
    private readonly workflow: TaskWorkflowService,
    private readonly deadlines: TaskDeadlineService,
    private readonly dependencies: TaskDependenciesService,
    private readonly progressIntake: TaskProgressService,
    private readonly clock: Clock,
  ) {}

  @Get('programme')
  @ApiOperation({
    summary: 'The programme tree (resolution → goals → task groups → tasks → sub-tasks) with rolled-up progress',
  })
  @ApiOkResponse({
    description:
      '`{ data: [node with children] }`; each node has `progressPercent` (weighted roll-up, or from indicators)',
  })
  programme(): Promise<{ data: ProgrammeTreeNode[] }> {
    return this.queries.programme();
  }

  @Post('programme')
  @Roles('programme-office', 'admin')
  @ApiOperation({ summary: 'Add a goal under the resolution, or a task group under a goal' })
  @ApiCreatedResponse({ description: 'The node.' })
  @ApiBadRequestResponse({ description: 'Invalid body or parent.' })
  @ApiConflictResponse({ description: 'The code is taken.' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  createNode(@Body() dto: CreateProgrammeNodeDto): Promise<TaskView> {
    return this.programmes.createNode(dto);
  }

  @Get('programme/:code')
  @ApiOperation({ summary: 'One node of the tree (resolution, goal, group, task) with its progress' })
  @ApiNotFoundResponse({ description: 'No such node.' })
  node(@Param('code') code: string): Promise<TaskView> {
    return this.queries.node(code);
  }

  @Patch('programme/:code')
  @Roles('programme-office', 'admin')
  @ApiOperation({
    summary: 'Change the titles or weight of the resolution, a goal or a task group (tasks: PATCH /v1/tasks/:ref)',
  })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  updateNode(@Param('code') code: string, @Body() dto: UpdateProgrammeNodeDto): Promise<TaskView> {
    return this.programmes.updateNode(code, dto);
  }

  @Get('tasks')
  @ApiOperation({ summary: 'Tasks and sub-tasks, by state, agency (lead, coordinating or reviewer) or parent' })
  async list(@Query() query: TaskListQueryDto): Promise<{ data: TaskView[] }> {
    return { data: await this.queries.list(query) };
  }

  // Declared before `tasks/:ref` so that `graph` is not taken for a task code.
  @Get('tasks/graph')
  @ApiOperation({
    summary:
      "The dependency graph: edges, each goal's critical path (in working days) and who is blocking whom per agency",
  })
  graph(): Promise<TaskGraph> {
    return this.queries.graph();
  }

  @Get('tasks/:ref')
  @ApiOperation({
    summary: 'A task by id or code, with contributions, dependencies, indicators, sub-tasks and the steps allowed now',
  })
  @ApiNotFoundResponse({ description: 'No such task.' })
  get(@Param('ref') ref: string): Promise<TaskDetail> {
    return this.queries.detail(ref);
  }

  @Get('tasks/:ref/history')
  @ApiOperation({
    summary: 'Every change of a task: steps with reasons, progress reports, deadline extensions, escalations',
  })
  async history(@Param('ref') ref: string): Promise<{ data: TaskHistoryView[] }> {
    return { data: await this.queries.history(ref) };
  }

  @Post('tasks')
  @Roles('programme-office', 'admin')
  @ApiOperation({ summary: 'Add a task under a task group, or a sub-task under a task; it starts as DRAFT' })
  @ApiCreatedResponse({ description: 'The task.' })
  @ApiBadRequestResponse({ description: 'Invalid body, parent or code.' })
  @ApiConflictResponse({ description: 'The code is taken.' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  create(@Body() dto: CreateTaskDto, @CurrentPrincipal() principal: Principal): Promise<TaskDetail> {
    if ((dto.dueDate === undefined) === (dto.dueInWorkingDays === undefined)) {
      throw taskInvalid(TaskErrorCode.INVALID_DEADLINE, 'give either dueDate or dueInWorkingDays');
    }
    const { dueInWorkingDays, ...rest } = dto;
    return this.programmes.create(
      { ...rest, dueDate: dto.dueDate ?? this.deadlines.workingDaysFromToday(dueInWorkingDays ?? 0) },
      actorOf(principal),
    );
  }

  @Patch('tasks/:ref')
  @Roles('programme-office', 'admin')
  @ApiOperation({ summary: 'Change titles, weight or estimate; the agencies only while DRAFT' })
  @ApiConflictResponse({ description: 'The agencies of a task that left DRAFT.' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  update(
    @Param('ref') ref: string,
    @Body() dto: UpdateTaskDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TaskDetail> {
    return this.programmes.update(ref, dto, actorOf(principal));
  }

  @Delete('tasks/:ref')
  @Roles('programme-office', 'admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a DRAFT task without sub-tasks (otherwise cancel it)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiConflictResponse({ description: 'Not a DRAFT, or it has sub-tasks.' })
  remove(@Param('ref') ref: string): Promise<void> {
    return this.programmes.remove(ref);
  }

  @Post('tasks/:ref/transitions')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Take a workflow step: assign, start, submit, approve, return (reason), cancel (reason)' })
  @ApiOkResponse({ description: 'The task after the step.' })
  @ApiBadRequestResponse({ description: 'No reason where one is required.' })
  @ApiConflictResponse({
    description:
      'ILLEGAL_TRANSITION (`details.allowed` lists the steps allowed now), TASK_BLOCKED, CONTRIBUTIONS_OPEN.',
  })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  transition(
    @Param('ref') ref: string,
    @Body() dto: TransitionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TaskDetail> {
    return this.workflow.transition(ref, dto.action, dto.reason, principal);
  }

  @Post('tasks/:ref/contributions/:agency/complete')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A coordinating agency completes its own contribution (the task must be IN_PROGRESS)' })
  @ApiConflictResponse({ description: 'The task is not IN_PROGRESS, or the contribution is already completed.' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  complete(
    @Param('ref') ref: string,
    @Param('agency') agency: string,
    @Body() dto: CompleteContributionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TaskDetail> {
    return this.workflow.completeContribution(ref, agency, dto.note, principal);
  }

  @Post('tasks/:ref/progress')
  @Roles('reporter')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'The lead agency reports progress (the REST form of dx.task-progress.reported); `Idempotency-Key` dedupes retries',
  })
  @ApiConflictResponse({
    description: 'The task is not IN_PROGRESS or takes its progress from sub-tasks or indicators.',
  })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  async progress(
    @Param('ref') ref: string,
    @Body() dto: ReportProgressDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<{ status: ProgressOutcome['status']; task: TaskDetail }> {
    const task = await this.queries.task(ref);
    const key = req.headers['idempotency-key'];
    const eventId = typeof key === 'string' ? `rest:${key}` : `rest:${randomUUID()}`;
    // The key is the report's event id: the envelope rules a Kafka record's ce_id meets hold for it too.
    const invalid = checkEventId(eventId, 'the Idempotency-Key header (prefixed with "rest:")');
    if (invalid) throw taskInvalid(TaskErrorCode.INVALID_IDEMPOTENCY_KEY, invalid.message);
    const [outcome] = await this.progressIntake.reportProgress([
      {
        taskCode: task.code,
        percent: dto.percent,
        note: dto.note,
        evidenceLinks: dto.evidenceLinks,
        agency: principal.agency,
        actor: principal.sub,
        eventSource: agencySource(principal.agency),
        eventId,
        reportedAt: this.clock.now(),
      },
    ]);
    if (outcome.status === 'rejected') {
      if (outcome.reason.startsWith('task-step-by-lead-agency'))
        throw new AccessDeniedError('task-step-by-lead-agency', outcome.reason.replace(/^[^:]+: /, ''));
      throw taskConflict(TaskErrorCode.NOT_OPEN, outcome.reason);
    }
    return { status: outcome.status, task: await this.queries.detail(task.id) };
  }

  @Post('tasks/:ref/deadline')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Extend the deadline, with a reason kept in the history (programme office)' })
  @ApiBadRequestResponse({ description: 'Not later than the current deadline, or no reason.' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  extend(
    @Param('ref') ref: string,
    @Body() dto: ExtendDeadlineDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TaskDetail> {
    if ((dto.dueDate === undefined) === (dto.byWorkingDays === undefined)) {
      throw taskInvalid(TaskErrorCode.INVALID_DEADLINE, 'give either dueDate or byWorkingDays');
    }
    return this.deadlines.extendDeadline(
      ref,
      dto.dueDate ?? { byWorkingDays: dto.byWorkingDays ?? 0 },
      dto.reason,
      principal,
    );
  }

  @Post('tasks/:ref/dependencies')
  @Roles('programme-office', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Make another task block this one (it cannot start until the blocker is approved or cancelled)',
  })
  @ApiConflictResponse({ description: 'DEPENDENCY_CYCLE.' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  addDependency(
    @Param('ref') ref: string,
    @Body() dto: AddDependencyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TaskDetail> {
    if (dto.blockedBy === ref) throw taskInvalid(TaskErrorCode.DEPENDENCY_CYCLE, 'a task cannot block itself');
    return this.dependencies.addDependency(ref, dto.blockedBy, actorOf(principal));
  }

  @Delete('tasks/:ref/dependencies/:blocker')
  @Roles('programme-office', 'admin')
  @ApiOperation({ summary: 'Remove a dependency' })
  removeDependency(
    @Param('ref') ref: string,
    @Param('blocker') blocker: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TaskDetail> {
    return this.dependencies.removeDependency(ref, blocker, actorOf(principal));
  }
}
