import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreateRegionInput, RegionDto } from '@evalflow/domain';
import { many, one, type Queryable } from '../../infrastructure/database/queryable';

const REGION_COLUMNS = `id, code, name, parent_id AS "parentId", level`;

@Injectable()
export class RegionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findAll(): Promise<RegionDto[]> {
    return many<RegionDto>(this.db, `SELECT ${REGION_COLUMNS} FROM regions ORDER BY path`);
  }

  async findById(id: string): Promise<(RegionDto & { path: string }) | null> {
    return one<RegionDto & { path: string }>(this.db, `SELECT ${REGION_COLUMNS}, path FROM regions WHERE id = $1`, [id]);
  }

  async create(input: CreateRegionInput, parent: { level: number; path: string } | null): Promise<RegionDto> {
    const created = await one<RegionDto>(
      this.db,
      `INSERT INTO regions (code, name, parent_id, level, path) VALUES ($1, $2, $3, $4, $5) RETURNING ${REGION_COLUMNS}`,
      [input.code, input.name, input.parentId, parent ? parent.level + 1 : 1, parent ? `${parent.path}/${input.code}` : input.code],
    );
    return created!;
  }
}

export async function regionExists(runner: Queryable, id: string): Promise<boolean> {
  return (await one(runner, `SELECT 1 FROM regions WHERE id = $1`, [id])) !== null;
}
