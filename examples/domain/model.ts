// The example domain shared by the demo and the stories: organizations, projects and time entries.

export interface Organization {
  id: string
  name: string
}

export interface Project {
  id: string
  orgId: string
  name: string
  updatedAt: number
}

export interface TimeEntry {
  id: string
  projectId: string
  minutes: number
  note: string
}

export interface Payslip {
  month: string
  net: number
  iban: string
}
