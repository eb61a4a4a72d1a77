import { Module } from '@nestjs/common';
import { EvaluationAdapter } from './evaluation.adapter';
import { EvaluationSnapshots } from './evaluation-snapshots';
import { EvaluationRepository } from './evaluation.repository';

/**
 * The evaluation lifecycles in the engine without the HTTP routes: the worker entry loads it so that the jobs a
 * worker runs through the engine — the comment period's timer (issue 12 §4) — find the evaluation adapter there too.
 * Where HTTP is served, EvaluationsModule registers the same adapter.
 */
@Module({ providers: [EvaluationRepository, EvaluationSnapshots, EvaluationAdapter] })
export class EvaluationEngineModule {}
