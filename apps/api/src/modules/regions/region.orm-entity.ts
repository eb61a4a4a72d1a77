import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A region (行政区划); `path` holds the codes from the root down, so a jurisdiction is a prefix query. */
@Entity({ name: 'regions' })
export class RegionOrmEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 12, unique: true }) code!: string;
  @Column({ type: 'varchar', length: 50 }) name!: string;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId!: string | null;
  @Column({ type: 'int' }) level!: number;
  @Column({ type: 'text' }) path!: string;
}
