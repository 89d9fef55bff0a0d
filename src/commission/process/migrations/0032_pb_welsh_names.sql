-- Projects and proposals in Welsh as well as English: a project's Welsh name
-- (frozen with the ballot like its name) and a proposal's Welsh title, which
-- becomes its project's Welsh name. '' when not given: the English is shown.
ALTER TABLE pb_projects ADD COLUMN name_cy TEXT NOT NULL DEFAULT '';
ALTER TABLE pb_proposals ADD COLUMN title_cy TEXT NOT NULL DEFAULT '';
