import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreateRegionInput, RegionDto } from '@evalflow/domain';

const REGION_COLUMNS = `id, code, name, parent_id AS "parentId", level`;

@Injectable()
export class RegionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findAll(): Promise<RegionDto[]> {
    return this.db.query(`SELECT ${REGION_COLUMNS} FROM regions ORDER BY path`);
  }

  async findById(id: string): Promise<(RegionDto & { path: string }) | null> {
    const rows = await this.db.query(`SELECT ${REGION_COLUMNS}, path FROM regions WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async create(input: CreateRegionInput, parent: { level: number; path: string } | null): Promise<RegionDto> {
    const rows = await this.db.query(
      `INSERT INTO regions (code, name, parent_id, level, path) VALUES ($1, $2, $3, $4, $5) RETURNING ${REGION_COLUMNS}`,
      [input.code, input.name, input.parentId, parent ? parent.level + 1 : 1, parent ? `${parent.path}/${input.code}` : input.code],
    );
    return rows[0];
  }
}
