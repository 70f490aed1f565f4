/** The starter taxonomy: driving classes that cover KITTI and nuScenes, usable in every modality. */
import type { Taxonomy } from './taxonomy';

const all = ['lidar', 'camera', 'video', 'text'] as const;
const occlusion = { name: 'occluded', type: 'enum' as const, values: ['none', 'partly', 'largely', 'unknown'] };
const moving = { name: 'moving', type: 'boolean' as const };
/** A vehicle's colour, static on the object: what a caption's "the red car" is checked against (core/text). */
const color = { name: 'color', type: 'enum' as const, scope: 'object' as const, values: ['white', 'black', 'grey', 'silver', 'red', 'blue', 'green', 'yellow', 'orange', 'brown', 'other'] };

export const DEFAULT_TAXONOMY: Taxonomy = {
  id: 'crosslabel-driving',
  name: 'Crosslabel driving',
  version: 1,
  history: [],
  classes: [
    { id: 'car', name: 'Car', color: '#4cc9f0', synonyms: ['vehicle.car', 'automobile', 'sedan'], attributes: [occlusion, moving, color], modalities: [...all], deprecated: false },
    { id: 'van', name: 'Van', color: '#4895ef', synonyms: ['minivan'], attributes: [occlusion, moving, color], modalities: [...all], deprecated: false },
    { id: 'truck', name: 'Truck', color: '#f72585', synonyms: ['vehicle.truck', 'lorry'], attributes: [occlusion, moving, color], modalities: [...all], deprecated: false },
    { id: 'bus', name: 'Bus', color: '#b5179e', synonyms: ['vehicle.bus.rigid', 'vehicle.bus.bendy'], attributes: [occlusion, moving, color], modalities: [...all], deprecated: false },
    { id: 'tram', name: 'Tram', color: '#7209b7', synonyms: ['streetcar'], attributes: [occlusion, moving, color], modalities: [...all], deprecated: false },
    { id: 'pedestrian', name: 'Pedestrian', color: '#fb8500', synonyms: ['human.pedestrian.adult', 'person', 'walker'], attributes: [occlusion, moving], modalities: [...all], deprecated: false },
    { id: 'person_sitting', name: 'Person sitting', color: '#ffb703', synonyms: [], attributes: [occlusion], modalities: [...all], deprecated: false },
    { id: 'cyclist', name: 'Cyclist', color: '#8ac926', synonyms: ['bicyclist', 'rider'], attributes: [occlusion, moving], modalities: [...all], deprecated: false },
    { id: 'bicycle', name: 'Bicycle', color: '#52b788', synonyms: ['vehicle.bicycle', 'bike'], attributes: [occlusion, color], modalities: [...all], deprecated: false },
    { id: 'motorcycle', name: 'Motorcycle', color: '#2a9d8f', synonyms: ['vehicle.motorcycle', 'motorbike'], attributes: [occlusion, color], modalities: [...all], deprecated: false },
    { id: 'traffic_cone', name: 'Traffic cone', color: '#e76f51', synonyms: ['movable_object.trafficcone'], attributes: [], modalities: [...all], deprecated: false },
    { id: 'barrier', name: 'Barrier', color: '#adb5bd', synonyms: ['movable_object.barrier'], attributes: [], modalities: [...all], deprecated: false },
    { id: 'animal', name: 'Animal', color: '#bc6c25', synonyms: ['dog', 'cat'], attributes: [], modalities: [...all], deprecated: false },
    { id: 'misc', name: 'Misc', color: '#6c757d', synonyms: [], attributes: [], modalities: [...all], deprecated: false },
    { id: 'speaker', name: 'Speaker', color: '#ffd166', synonyms: ['voice'], attributes: [], modalities: ['audio', 'video', 'text'], deprecated: false },
  ],
};
