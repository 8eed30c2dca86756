import type { Person } from '../auth/session';

/**
 * What an area's module exports to ask for the first data of the screen an address names, as soon as the person
 * is signed in and the area's code has arrived (with the API client's askAhead): the screen, on its first
 * render, takes the answers already on their way.
 */
export type AskFirstData = (address: { pathname: string; search: string }, person: Person) => void;
